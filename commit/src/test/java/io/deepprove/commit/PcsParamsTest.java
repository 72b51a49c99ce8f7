package io.deepprove.commit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PcsParamsTest {

  @Test
  void presetsStateTheirSecurity() {
    for (PcsParams p : PcsParams.presets()) {
      assertTrue(p.securityBits() >= 100, p.name() + ": " + p.securityBits());
      assertEquals(p.securityBits(), p.securityBits(p.maxVars()));
    }
    assertEquals(PcsParams.CONJECTURED_100, PcsParams.DEFAULT);
    assertEquals(100, PcsParams.CONJECTURED_100.queryBits()); // 100 queries × log2(2)
    assertEquals(100, PcsParams.COMPACT_100.queryBits()); // 50 × log2(4)
    assertEquals(128, PcsParams.CONJECTURED_128.queryBits()); // 64 × 2
    // proven (unique decoding): 148 × log2(2 / (1 + 1/4)) = 148 × 0.678 = 100.4
    assertEquals(100, PcsParams.PROVEN_100.queryBits());
    // the field term 126 − log2|D| caps big instances: 2^20 values at rate 1/4 → 104 bits
    assertEquals(104, PcsParams.CONJECTURED_128.securityBits(20));
    assertEquals(100, PcsParams.CONJECTURED_128.securityBits(24));
    assertEquals(124, new PcsParams("small", 2, 64, 4, 4, false, 10).securityBits(0)); // 126 − log2(4)
  }

  @Test
  void invalidParametersAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new PcsParams("", 1, 10, 4, 4, false, 20));
    assertThrows(IllegalArgumentException.class, () -> new PcsParams("x", 0, 10, 4, 4, false, 20));
    assertThrows(IllegalArgumentException.class, () -> new PcsParams("x", 1, 0, 4, 4, false, 20));
    assertThrows(IllegalArgumentException.class, () -> new PcsParams("x", 1, 10, 0, 4, false, 20));
    assertThrows(IllegalArgumentException.class, () -> new PcsParams("x", 1, 10, 4, 13, false, 20));
    assertThrows(IllegalArgumentException.class, () -> new PcsParams("x", 1, 10, 4, 4, false, 28));
  }
}
