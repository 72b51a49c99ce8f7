package io.deepprove.lookup;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogUpGkrTest {

  @Test
  void smallRangeLookupVerifies() throws Exception {
    SplittableRandom rng = new SplittableRandom(1);
    LookupWitness w = LookupWitness.builder().add(Tables.range(4), Fixtures.randomIn(rng, 8, 0, 16)).build();
    Fixtures.proveAndVerify(w, 1);
  }

  @Test
  void clampPairsVerify() throws Exception {
    SplittableRandom rng = new SplittableRandom(2);
    ClampTable t = Tables.reluClamp(10);
    long[] in = Fixtures.randomIn(rng, 100, -512, 512);
    long[] out = new long[in.length];
    for (int i = 0; i < in.length; i++) {
      out[i] = Math.max(0, Math.min(127, in[i]));
    }
    LookupWitness w = LookupWitness.builder().add(t, in, out).build();
    Fixtures.proveAndVerify(w, 2);
  }
}
