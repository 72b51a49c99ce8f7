package io.deepprove.aggregate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.verify.VerificationException;
import io.deepprove.sumcheck.SumcheckCheck;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Cheating provers and forged proofs against the aggregate verifier: each attack is rejected, and
 * where the attack targets one check of the aggregate verifier, by exactly that check.
 */
class AggregateSoundnessTest {

  private static final AggregateFixtures.Model MLP = AggregateFixtures.mlp(1);
  private static final AggregateFixtures.Model CNN = AggregateFixtures.cnn(3);
  private static final long[] X = AggregateFixtures.int8(new SplittableRandom(2), 20);
  private static final long[] IMAGE = AggregateFixtures.int8(new SplittableRandom(4), 162);

  private static VerificationException rejected(AggregateFixtures.Model m, Proof p) {
    return assertThrows(VerificationException.class, () -> m.verifier().verify(p));
  }

  private static Proof with(Proof p, long[] input, long[] output) {
    return new Proof(p.vkDigest(), input, output, p.traceCommitment(), p.lookupProof(), p.steps(), p.traceOpening(),
        p.modelOpening());
  }

  @Test
  void aProofForAnotherInputIsCaughtOnTheInput() {
    long[] other = X.clone();
    other[7] = other[7] == 127 ? 126 : other[7] + 1;
    // the prover computes on X but states `other`: every sum-check is consistent, the input claim is not
    Proof p = MLP.prover().prove(X, null, other);
    assertEquals(AggregateCheck.PUBLIC_INPUT, rejected(MLP, p).check());
  }

  @Test
  void anInt8InputOutsideItsRangeIsCaught() {
    // the circuit's accumulator bounds assume int8 inputs: a wider value is refused before any relation
    Proof p = MLP.prover().prove(X);
    long[] wide = p.input().clone();
    wide[3] = 200;
    assertEquals(AggregateCheck.PUBLIC_INPUT_RANGE, rejected(MLP, with(p, wide, p.output())).check());
    wide[3] = -129;
    assertEquals(AggregateCheck.PUBLIC_INPUT_RANGE, rejected(MLP, with(p, wide, p.output())).check());
  }

  @Test
  void publicValuesHaveOneEncoding() throws Exception {
    byte[] bytes = MLP.prover().prove(X).toBytes();
    int width = new io.deepprove.core.codec.BinaryWriter().writeHeader(Proof.MAGIC, Proof.CURRENT_VERSION)
        .toByteArray().length + Proof.DIGEST_BYTES + 4;
    assertEquals(1, bytes[width], "int8 inputs are written one byte each");
    for (int w : new int[] {0, 3}) {
      byte[] b = bytes.clone();
      b[width] = (byte) w;
      assertThrows(ProofFormatException.class, () -> Proof.read(b, "proof", AggregateFixtures.PCS));
    }
    // the same bytes read as int16: half as many values (refused as the wrong shape), or all int8
    // (refused as a non-canonical encoding)
    byte[] b = bytes.clone();
    b[width] = 2;
    Proof asInt16 = Proof.read(b, "proof", AggregateFixtures.PCS);
    assertEquals(X.length / 2, asInt16.input().length);
    assertEquals(AggregateCheck.PUBLIC_SHAPES, rejected(MLP, asInt16).check());
    long[] small = new long[X.length / 2];
    Proof p = MLP.prover().prove(X);
    byte[] canonical = with(p, small, p.output()).toBytes();
    assertEquals(1, canonical[width]);
    canonical[width] = 2; // 10 zero bytes are 5 int16 zeros, every one an int8
    ProofFormatException e = assertThrows(ProofFormatException.class,
        () -> Proof.read(canonical, "proof", AggregateFixtures.PCS));
    assertTrue(e.getMessage().contains("int16"), e.getMessage());
  }

  @Test
  void onlySoftmaxMayReadAnInt16Input() {
    long[] table = new long[256];
    CircuitBuilder b = new CircuitBuilder("wide").input16("x", 1, 4).unary("u", "x", "y", table);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.build("y"));
    assertTrue(e.getMessage().contains("int16"), e.getMessage());
  }

  @Test
  void aChangedActivationIsCaught() {
    // raise q and the clamped value of one output together: the lookup still holds (and the public
    // output states the changed value), the requantization relation does not
    Proof p = MLP.prover().prove(X, raiseOneQuotient("y"), X);
    assertEquals(AggregateCheck.REQUANTIZATION, rejected(MLP, p).check());
  }

  /** q + 1 and out + 1 at the first position of a requantized output that is not clamped. */
  private static AggregateProver.Tamper raiseOneQuotient(String out) {
    return w -> {
      long[] q = w.values(out + "#q");
      long[] y = w.values(out);
      int i = 0;
      while (y[i] <= -127 || y[i] >= 127) {
        i++;
      }
      q[i] += 1;
      y[i] += 1;
    };
  }

  @Test
  void aWrongRemainderLimbIsCaught() {
    Proof p = MLP.prover().prove(X, w -> {
      long[] limb = w.values("y#rem0");
      limb[0] = (limb[0] + 1) & 0xFFFF; // still in range, no longer the remainder
    }, X);
    assertEquals(AggregateCheck.REQUANTIZATION, rejected(MLP, p).check());
  }

  @Test
  void aClaimedOutputOtherThanTheComputedOneIsRejected() {
    Proof p = MLP.prover().prove(X);
    long[] out = p.output();
    out[2] = out[2] == 127 ? 126 : out[2] + 1;
    rejected(MLP, with(p, p.input(), out));
  }

  @Test
  void publicValuesOfTheWrongSizeAreRejected() {
    Proof p = MLP.prover().prove(X);
    assertEquals(AggregateCheck.PUBLIC_SHAPES, rejected(MLP, with(p, p.input(), Arrays.copyOf(p.output(), 4))).check());
    assertEquals(AggregateCheck.PUBLIC_SHAPES, rejected(MLP, with(p, Arrays.copyOf(p.input(), 21), p.output())).check());
  }

  @Test
  void aTraceCommitmentOfAnotherShapeIsRejected() {
    Proof p = MLP.prover().prove(X);
    Proof q = CNN.prover().prove(IMAGE);
    Proof mixed = new Proof(p.vkDigest(), p.input(), p.output(), q.traceCommitment(), p.lookupProof(), p.steps(),
        p.traceOpening(), p.modelOpening());
    assertEquals(AggregateCheck.TRACE_COMMITMENT_SHAPE, rejected(MLP, mixed).check());
  }

  @Test
  void truncatedOrExtendedStepMessagesAreFormatErrors() {
    Proof p = MLP.prover().prove(X);
    byte[] steps = p.steps();
    for (byte[] s : new byte[][] {Arrays.copyOf(steps, steps.length - 1), Arrays.copyOf(steps, steps.length + 3)}) {
      Proof bad = new Proof(p.vkDigest(), p.input(), p.output(), p.traceCommitment(), p.lookupProof(), s,
          p.traceOpening(), p.modelOpening());
      assertEquals(AggregateCheck.FORMAT, rejected(MLP, bad).check());
    }
  }

  @Test
  void aBrokenMaxChainIsCaught() {
    // replace one (difference, gain) pair by another valid ReLU pair: lookups hold, the chain does not
    Proof p = CNN.prover().prove(IMAGE, w -> {
      long[] d = w.values("p#D");
      long[] g = w.values("p#G");
      int plane = w.values("p").length;
      d[plane] += 5;
      g[plane] = Math.max(0, d[plane]);
    }, IMAGE);
    assertEquals(AggregateCheck.MAX_POOL_CHAIN, rejected(CNN, p).check());
  }

  // ------------------------------------------------------------------ softmax

  private static final AggregateFixtures.Model SOFTMAX = AggregateFixtures.softmax(5, false);
  private static final AggregateFixtures.Model LOG_SOFTMAX = AggregateFixtures.softmax(6, true);
  private static final long[] ROWS = AggregateFixtures.int8(new SplittableRandom(6), 30);

  private static Circuit.Softmax softmaxStep(AggregateFixtures.Model m) {
    return (Circuit.Softmax) m.circuit().steps().get(0);
  }

  /** A softmax proof whose witness {@code edit} changes, recomputed consistently from {@code stage} on. */
  private static Proof cheatSoftmax(AggregateFixtures.Model m, int stage, java.util.function.BiConsumer<Witness,
      Circuit.Softmax> edit) {
    Circuit.Softmax s = softmaxStep(m);
    return m.prover().prove(ROWS, w -> {
      edit.accept(w, s);
      w.softmax(m.circuit(), s, stage);
    }, ROWS);
  }

  /** Adds {@code delta} to the value held in limbs of {@link Circuit.Requant#LIMB_BITS} at position i; returns the new value. */
  private static long addToLimbs(Witness w, java.util.function.IntFunction<String> limb, int limbs, int i,
      long delta) {
    int bits = Circuit.Requant.LIMB_BITS;
    long v = 0;
    for (int k = limbs - 1; k >= 0; k--) {
      v = (v << bits) | w.values(limb.apply(k))[i];
    }
    v += delta;
    for (int k = 0; k < limbs; k++) {
      w.values(limb.apply(k))[i] = (v >>> (bits * k)) & ((1L << bits) - 1);
    }
    return v;
  }

  @Test
  void honestSoftmaxProofsVerify() throws Exception {
    SOFTMAX.verifier().verify(SOFTMAX.prover().prove(ROWS));
    LOG_SOFTMAX.verifier().verify(LOG_SOFTMAX.prover().prove(ROWS));
  }

  @Test
  void aRowMaxAboveEveryElementIsCaught() {
    // m + 1 with the old selection kept: every d stays in 0..255 and everything after d follows,
    // but the selected element now has d = 1
    for (AggregateFixtures.Model m : List.of(SOFTMAX, LOG_SOFTMAX)) {
      Proof p = cheatSoftmax(m, Witness.SOFTMAX_EXPS, (w, s) -> {
        long[] sel = w.values(s.selector()).clone();
        w.values(s.max())[0] += 1;
        w.softmax(m.circuit(), s, Witness.SOFTMAX_DIFFERENCES);
        System.arraycopy(sel, 0, w.values(s.selector()), 0, sel.length);
        for (long v : w.values(s.differences())) {
          assertTrue(v >= 0 && v <= 255);
        }
      });
      assertEquals(SumcheckCheck.ROUND_SUM, rejected(m, p).check());
    }
  }

  @Test
  void aRowWithoutSelectedElementIsCaught() {
    // the max raised by one and, recomputed, no element selected in row 0 (no d is 0 there):
    // sel·d = 0 holds, Σ_j sel_j = 1 does not
    Circuit.Softmax s = softmaxStep(SOFTMAX);
    Witness w = Witness.compute(SOFTMAX.circuit(), ROWS, SOFTMAX.weights());
    w.values(s.max())[0] += 1;
    w.softmax(SOFTMAX.circuit(), s, Witness.SOFTMAX_DIFFERENCES);
    for (int j = 0; j < 5; j++) {
      assertEquals(0, w.values(s.selector())[j << 2]); // element (0, j, 0) of the [2, 8, 4] padded layout
    }
    Proof p = cheatSoftmax(SOFTMAX, Witness.SOFTMAX_DIFFERENCES, (v, t) -> v.values(t.max())[0] += 1);
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(SOFTMAX, p).check());
  }

  @Test
  void aWrongExpEntryIsCaught() {
    // (d + 1, expTable[d + 1]) is a table row, so the lookup holds; d = m − x does not
    Proof p = cheatSoftmax(SOFTMAX, Witness.SOFTMAX_SUMS, (w, s) -> {
      long[] d = w.values(s.differences());
      long[] sel = w.values(s.selector());
      int i = 0;
      while (sel[i] == 1 || d[i] >= 255) {
        i++;
      }
      d[i] += 1;
      w.values(s.exps())[i] = s.expTable()[(int) d[i]];
    });
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(SOFTMAX, p).check());
  }

  @Test
  void aWrongRowSumIsCaught() {
    for (AggregateFixtures.Model m : List.of(SOFTMAX, LOG_SOFTMAX)) {
      Proof p = cheatSoftmax(m, Witness.SOFTMAX_DECOMPOSITION, (w, s) -> w.values(s.sum())[1] += 3);
      assertEquals(SumcheckCheck.ROUND_SUM, rejected(m, p).check());
    }
  }

  @Test
  void aWrongDivisionQuotientIsCaught() {
    // q + 1 (and out = min(127, q) with it): the clamp lookup holds, the division does not
    Proof p = cheatSoftmax(SOFTMAX, Witness.SOFTMAX_OUTPUT + 1, (w, s) -> {
      w.values(s.q())[0] += 1;
      w.values(s.out())[0] = Math.min(127, w.values(s.q())[0]);
    });
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(SOFTMAX, p).check());
  }

  @Test
  void aDivisionRemainderOfTwiceTheSumIsCaught() {
    // q − 1 and rem + 2·S satisfy 2·e·outK + S = 2·S·q + rem with every limb in range; the slack
    // cannot follow (2·S − 1 − rem < 0), so rem < 2·S fails
    Proof p = cheatSoftmax(SOFTMAX, Witness.SOFTMAX_OUTPUT + 1, (w, s) -> {
      long[] q = w.values(s.q());
      long[] sum = w.values(s.sum());
      int i = 0;
      while (q[i] < 1) {
        i++;
      }
      long sumRow = sum[((i >> 5) << 2) | (i & 3)];
      long rem = addToLimbs(w, s::remainder, s.remainderLimbs(), i, 2 * sumRow);
      assertTrue(rem < 1L << s.divisionBits());
      q[i] -= 1;
      w.values(s.out())[i] = Math.min(127, q[i]);
    });
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(SOFTMAX, p).check());
  }

  @Test
  void aWrongLogSumDecompositionIsCaught() {
    // f − 1 and low + P keep S = P·(256 + f) + low with every lookup holding; low < P fails
    Proof p = cheatSoftmax(LOG_SOFTMAX, Witness.SOFTMAX_OUTPUT, (w, s) -> {
      long[] f = w.values(s.frac());
      long[] pow = w.values(s.pow());
      int r = 0;
      while (f[r] < 1) {
        r++;
      }
      long low = addToLimbs(w, s::low, s.lowLimbs(), r, pow[r]);
      assertTrue(low < 1L << s.lowBits());
      f[r] -= 1;
      w.values(s.lnFrac())[r] = s.lnTable()[(int) f[r]];
    });
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(LOG_SOFTMAX, p).check());
  }

  @Test
  void aWrongLogSumMantissaIsCaught() {
    // f + 1 (with Lf = lnTable[f + 1]) keeps every lookup and low < P; S = P·(256 + f) + low fails
    Proof p = cheatSoftmax(LOG_SOFTMAX, Witness.SOFTMAX_OUTPUT, (w, s) -> {
      long[] f = w.values(s.frac());
      int r = 0;
      while (f[r] > 254) {
        r++;
      }
      f[r] += 1;
      w.values(s.lnFrac())[r] = s.lnTable()[(int) f[r]];
    });
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(LOG_SOFTMAX, p).check());
  }

  @Test
  void aWrongLogSoftmaxRequantizationIsCaught() {
    Proof p = cheatSoftmax(LOG_SOFTMAX, Witness.SOFTMAX_OUTPUT + 1, (w, s) -> {
      long[] q = w.values(s.q());
      long[] out = w.values(s.out());
      int i = 0;
      while (out[i] <= -127 || out[i] >= 127) {
        i++;
      }
      q[i] += 1;
      out[i] += 1;
    });
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(LOG_SOFTMAX, p).check());
  }

  // ------------------------------------------------------------------ pooling and reductions

  private static final AggregateFixtures.Model POOLS = AggregateFixtures.pools(5);
  private static final long[] PLANES = AggregateFixtures.int8(new SplittableRandom(6), 98);

  @Test
  void theHonestPoolingProofVerifies() throws Exception {
    POOLS.verifier().verify(POOLS.prover().prove(PLANES));
  }

  @Test
  void anAveragePoolQuotientOffByOneIsCaught() {
    // q + 1 on a clamped average (out = 127 and σ = 1 stay its clamps, both lookups hold) with the
    // slacks kept in range: only the division relation can notice
    long[] bright = new long[PLANES.length];
    for (int i = 0; i < bright.length; i++) {
      bright[i] = 90 + Math.abs(PLANES[i]) % 38; // averages of 2·(90..127) clamp at 127
    }
    Proof p = POOLS.prover().prove(bright, w -> {
      long[] q = w.values("a#q");
      int i = 0;
      while (q[i] < 127) {
        i++;
      }
      q[i] += 1;
    }, bright);
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(POOLS, p).check());
  }

  @Test
  void anAveragePoolLowerSlackThatIsNotTheRemainderIsCaught() {
    // w − 4 and w' + 4 keep both in range and their sum right: w no longer encodes num − q·count
    Proof p = POOLS.prover().prove(PLANES, w -> {
      long[] lower = w.values("a#w");
      long[] upper = w.values("a#w'");
      int i = 0;
      while (lower[i] < 4) {
        i++;
      }
      lower[i] -= 4;
      upper[i] += 4;
    }, PLANES);
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(POOLS, p).check());
  }

  @Test
  void anAveragePoolUpperSlackThatDoesNotCloseTheRangeIsCaught() {
    // w' = 0 is in range, but w + w' = 4·count − 2 no longer holds (w alone would then allow any w ≥ 0)
    Proof p = POOLS.prover().prove(PLANES, w -> {
      long[] upper = w.values("a#w'");
      int i = 0;
      while (upper[i] == 0) {
        i++;
      }
      upper[i] = 0;
    }, PLANES);
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(POOLS, p).check());
  }

  @Test
  void theSlackRangeAdmitsExactlyTheRoundingHalfAwayFromZero() {
    // the encoding the lookups and the relation pin down: for every num and count, the only q with
    // w = 4(num − q·count) + clamp(q, −1, 1) + 2·count − 1 in [0, 4·count − 2] is round-half-away(num / count)
    for (long count = 1; count <= 36; count++) {
      for (long num = -700; num <= 700; num++) {
        long half = count / 2;
        long expected = num >= 0 ? (num + half) / count : -((-num + half) / count);
        for (long q = -800; q <= 800; q++) {
          long w = 4 * (num - q * count) + Math.max(-1, Math.min(1, q)) + 2 * count - 1;
          boolean accepted = w >= 0 && w <= 4 * count - 2;
          if (accepted != (q == expected)) {
            fail("num " + num + ", count " + count + ": q = " + q + (accepted ? " accepted" : " rejected"));
          }
        }
      }
    }
  }

  @Test
  void aMaxPoolWindowCellOutsideTheInputCannotBeRaised() {
    // the window stack is never committed: the verifier reduces the chain's claim X̃(τ, r) through
    // X̃ − fill = (P·x)~, so the padded cells are bound to −128 and a raised one (which would win its
    // window) breaks the relation at a random point
    Circuit c = POOLS.circuit();
    Circuit.MaxPool mp = (Circuit.MaxPool) c.steps().get(1);
    Witness w = Witness.compute(c, PLANES, POOLS.weights());
    long[] x = Protocol.field(w.values(mp.in()));
    long[] windows = w.values(mp.windows()).clone();
    int[] fill = Im2col.poolFillRows(c, mp);
    assertTrue(fill.length > 0);
    Ext2[] r = new io.deepprove.core.transcript.Transcript("test").challengeExts("r",
        c.tensor(mp.windows()).padded().totalVars());
    Ext2 mapped = io.deepprove.core.poly.Multilinear.evaluateBase(Im2col.poolMap(c, mp).apply(x), r);
    Ext2 honest = io.deepprove.core.poly.Multilinear.evaluateBase(Protocol.field(windows), r);
    assertEquals(mapped, honest.sub(Protocol.poolFillAt(c, mp, r)));
    windows[fill[fill.length / 2]] = 127;
    Ext2 raised = io.deepprove.core.poly.Multilinear.evaluateBase(Protocol.field(windows), r);
    assertTrue(!mapped.equals(raised.sub(Protocol.poolFillAt(c, mp, r))));
  }

  // End to end: a cheating prover changes the cells a max-pool window stack or a constant pad fills
  // and carries the change through the chain and every later step. Every lookup, chain and later
  // relation then holds; only the linear map from the input does not, whose claim the verifier
  // derives itself as X̃ − fill (the sum-check's first round sums to (P·x)~ instead).

  /** 2·mean of −10..−49: every average is negative, so a padded window cell at 0 wins its window. */
  private static final long[] DARK = Arrays.stream(PLANES).map(v -> -(10 + Math.abs(v) % 40)).toArray();

  private static final AggregateFixtures.Model PAD = AggregateFixtures.constantPad(8);
  private static final long[] SIX = AggregateFixtures.int8(new SplittableRandom(9), 6);

  /** Whether {@code e} came from the aggregate verifier's method {@code step} (a check names no step). */
  private static boolean thrownIn(VerificationException e, String step) {
    return Arrays.stream(e.getStackTrace()).anyMatch(
        f -> f.getClassName().equals(AggregateVerifier.class.getName()) && f.getMethodName().equals(step));
  }

  /**
   * The proof of a cheating prover that applies {@code edit} to the cells of {@code tensor} that the
   * step {@code step} fills ({@code fill}, indices into its padded values; each held {@code value})
   * and recomputes from {@code step} on; checks that the honest proof verifies and that the cheat
   * states another output.
   */
  private static Proof cheatOnFill(AggregateFixtures.Model m, long[] input, Circuit.Step step, String tensor,
      int[] fill, long value, java.util.function.BiConsumer<long[], int[]> edit) throws Exception {
    assertTrue(fill.length > 0);
    Circuit c = m.circuit();
    Proof honest = m.prover().prove(input);
    m.verifier().verify(honest);
    Proof p = m.prover().prove(input, w -> {
      long[] v = w.values(tensor);
      for (int i : fill) {
        assertEquals(value, v[i]);
      }
      edit.accept(v, fill);
      if (step instanceof Circuit.MaxPool mp) {
        w.maxChain(c, mp);
      }
      w.rerun(c, c.steps().indexOf(step) + 1);
    }, input);
    assertFalse(Arrays.equals(honest.output(), p.output()), "the cheat changes the output");
    return p;
  }

  private static Proof cheatOnMaxPoolFill(java.util.function.BiConsumer<long[], int[]> edit) throws Exception {
    Circuit.MaxPool mp = (Circuit.MaxPool) POOLS.circuit().steps().get(1);
    return cheatOnFill(POOLS, DARK, mp, mp.windows(), Im2col.poolFillRows(POOLS.circuit(), mp), Circuit.MaxPool.FILL,
        edit);
  }

  private static Proof cheatOnPadFill(java.util.function.BiConsumer<long[], int[]> edit) throws Exception {
    Circuit.Relayout rl = (Circuit.Relayout) PAD.circuit().steps().get(0);
    PaddedShape os = PAD.circuit().tensor(rl.out()).padded();
    int[] src = rl.source();
    int[] fill = java.util.stream.IntStream.range(0, src.length).filter(i -> src[i] < 0).map(i -> os.paddedIndex(i))
        .toArray();
    return cheatOnFill(PAD, SIX, rl, rl.out(), fill, rl.fill(), edit);
  }

  /** Rejected by ROUND_SUM, thrown from the verifier's {@code step} (ROUND_SUM alone does not say where). */
  private static void assertRoundSumFailsIn(AggregateFixtures.Model m, Proof p, String step) {
    VerificationException e = rejected(m, p);
    assertEquals(SumcheckCheck.ROUND_SUM, e.check());
    assertTrue(thrownIn(e, step), e.toString());
  }

  @Test
  void aMaxPoolPaddedCellRaisedToWinItsWindowIsCaughtEndToEnd() throws Exception {
    Proof p = cheatOnMaxPoolFill((windows, fill) -> windows[fill[fill.length / 2]] = 127);
    assertRoundSumFailsIn(POOLS, p, "verifyMaxPool");
  }

  @Test
  void aMaxPoolFilledWithZeroIsCaughtEndToEnd() throws Exception {
    // 0 in every padded cell is what X̃ = (P·x)~ would bind them to without the fill: the attack
    // that only subtracting the fill's MLE stops
    Proof p = cheatOnMaxPoolFill((windows, fill) -> {
      for (int row : fill) {
        windows[row] = 0;
      }
    });
    assertRoundSumFailsIn(POOLS, p, "verifyMaxPool");
  }

  @Test
  void aConstantPadCellChangedIsCaughtEndToEnd() throws Exception {
    Proof p = cheatOnPadFill((padded, fill) -> padded[fill[1]] = 127);
    assertRoundSumFailsIn(PAD, p, "verifyRelayout");
  }

  @Test
  void aConstantPadFilledWithZeroIsCaughtEndToEnd() throws Exception {
    Proof p = cheatOnPadFill((padded, fill) -> {
      for (int i : fill) {
        padded[i] = 0;
      }
    });
    assertRoundSumFailsIn(PAD, p, "verifyRelayout");
  }

  @Test
  void theMaxPoolSliceCombinationBindsEverySlice() {
    // the verifier keeps one claim per stacked tensor, Σ_k eq(τ, k)·slice_k(r), at (τ, r): true for
    // the honest slices (including the padded ones beyond the 6 taps), false if any one is changed
    Circuit c = POOLS.circuit();
    Circuit.MaxPool mp = (Circuit.MaxPool) c.steps().get(1);
    Witness w = Witness.compute(c, PLANES, POOLS.weights());
    PaddedShape st = c.tensor(mp.windows()).padded();
    int kBits = st.vars(0);
    int kPadded = 1 << kBits;
    assertTrue(kPadded > mp.geometry().kernelSize());
    io.deepprove.core.transcript.Transcript t = new io.deepprove.core.transcript.Transcript("test");
    Ext2[] r = t.challengeExts("r", st.totalVars() - kBits);
    Ext2[] tau = t.challengeExts("tau", kBits);
    long[][] stacked = {Protocol.field(w.values(mp.windows())), Protocol.field(w.values(mp.differences())),
        Protocol.field(w.values(mp.gains()))};
    int plane = stacked[0].length / kPadded;
    Ext2[] sent = new Ext2[3 * kPadded + 1];
    for (int k = 0; k < kPadded; k++) {
      for (int j = 0; j < 3; j++) {
        sent[3 * k + j] = io.deepprove.core.poly.Multilinear.evaluateBase(
            Arrays.copyOfRange(stacked[j], k * plane, (k + 1) * plane), r);
      }
    }
    sent[3 * kPadded] = Ext2.ZERO;
    Ext2[] combined = Protocol.combineSlices(sent, tau);
    for (int j = 0; j < 3; j++) {
      assertEquals(io.deepprove.core.poly.Multilinear.evaluateBase(stacked[j], Protocol.concat(tau, r)), combined[j]);
    }
    for (int i = 0; i < 3 * kPadded; i++) {
      Ext2[] forged = sent.clone();
      forged[i] = forged[i].add(Ext2.ONE);
      Ext2[] f = Protocol.combineSlices(forged, tau);
      assertTrue(!f[i % 3].equals(combined[i % 3]), "slice value " + i);
    }
  }

  @Test
  void aReductionQuotientOffByOneIsCaught() {
    Proof p = POOLS.prover().prove(PLANES, raiseOneQuotient("r"), PLANES);
    assertEquals(AggregateCheck.REQUANTIZATION, rejected(POOLS, p).check());
  }

  // ------------------------------------------------------------------ grouped convolution

  private static final AggregateFixtures.Model DEPTHWISE = AggregateFixtures.depthwise(7);
  private static final long[] CHANNELS = AggregateFixtures.int8(new SplittableRandom(8), 100);

  /** The circuit written and read back; writing it again gives the same bytes. */
  private static Circuit roundTrip(Circuit c) throws ProofFormatException {
    io.deepprove.core.codec.BinaryWriter out = new io.deepprove.core.codec.BinaryWriter();
    c.write(out);
    Circuit back = Circuit.read(new io.deepprove.core.codec.BinaryReader(out.toByteArray(), "circuit"));
    assertEquals(c.toString(), back.toString());
    io.deepprove.core.codec.BinaryWriter again = new io.deepprove.core.codec.BinaryWriter();
    back.write(again);
    assertArrayEquals(out.toByteArray(), again.toByteArray());
    return back;
  }

  @Test
  void theHonestGroupedConvolutionProofVerifiesAfterARoundTrip() throws Exception {
    Circuit back = roundTrip(DEPTHWISE.circuit());
    Proof p = DEPTHWISE.prover().prove(CHANNELS);
    new AggregateVerifier(back, AggregateFixtures.PCS, DEPTHWISE.commitment(), DEPTHWISE.vkDigest()).verify(p);
  }

  @Test
  void aGroupedAccumulatorThatIsNotTheConvolutionIsCaught() {
    // acc + 1000 at one position with q, the remainder limbs and out recomputed from it: the
    // requantization holds, the grouped convolution's sum-check does not
    Circuit.Requant rq = ((Circuit.GroupedConv) DEPTHWISE.circuit().steps().get(0)).requant();
    Witness[] tampered = new Witness[1];
    Proof p = DEPTHWISE.prover().prove(CHANNELS, w -> {
      tampered[0] = w;
      long[] acc = w.accumulator("dw");
      acc[0] += 1000;
      long t = acc[0] * rq.multiplier(0) + rq.offset();
      long q = t >> rq.shift();
      long rem = t - (q << rq.shift());
      w.values("y#q")[0] = q;
      w.values("y")[0] = Math.max(-127, Math.min(127, q));
      for (int k = 0; k < rq.limbs(); k++) {
        w.values("y#rem" + k)[0] = (rem >>> (Circuit.Requant.LIMB_BITS * k)) & ((1L << Circuit.Requant.LIMB_BITS) - 1);
      }
    }, CHANNELS);
    // the requantization relation still holds everywhere, so the rejection is the convolution's
    long[] acc = tampered[0].accumulator("dw");
    for (int i = 0; i < acc.length; i++) {
      long limbs = 0;
      for (int k = 0; k < rq.limbs(); k++) {
        limbs += tampered[0].values("y#rem" + k)[i] << (Circuit.Requant.LIMB_BITS * k);
      }
      assertEquals(acc[i] * rq.multiplier(0) + rq.offset(), (tampered[0].values("y#q")[i] << rq.shift()) + limbs);
    }
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(DEPTHWISE, p).check());
  }

  @Test
  void aGroupedConvolutionOutputOffByOneIsCaught() {
    Proof p = DEPTHWISE.prover().prove(CHANNELS, raiseOneQuotient("y"), CHANNELS);
    assertEquals(AggregateCheck.REQUANTIZATION, rejected(DEPTHWISE, p).check());
  }

  // ------------------------------------------------------------------ transposed convolution

  private static final AggregateFixtures.Model CONV_T = AggregateFixtures.convTranspose(9);
  private static final long[] CT_IN = AggregateFixtures.int8(new SplittableRandom(10), 48);

  @Test
  void theHonestTransposedConvolutionProofVerifiesAfterARoundTrip() throws Exception {
    Circuit back = roundTrip(CONV_T.circuit());
    assertTrue(back.steps().get(0) instanceof Circuit.ConvTranspose, back.toString());
    Proof p = CONV_T.prover().prove(CT_IN);
    new AggregateVerifier(back, AggregateFixtures.PCS, CONV_T.commitment(), CONV_T.vkDigest()).verify(
        Proof.read(p.toBytes(), "proof", AggregateFixtures.PCS));
  }

  @Test
  void theAccumulatorOfAnotherTransposedConvolutionIsCaught() {
    // the complete witness of the same layer with other leading pads (same shapes): q, the limbs and
    // out are that layer's requantization, so requantization and lookups hold; the sum-check does not
    Circuit other = AggregateFixtures.convTransposeCircuit(new int[] {0, 0, 0}, false);
    Witness[] tampered = new Witness[1];
    Proof p = CONV_T.prover().prove(CT_IN, w -> {
      tampered[0] = w;
      Witness o = Witness.compute(other, CT_IN, CONV_T.weights());
      for (Circuit.Tensor t : other.tensors(Circuit.Kind.TRACE)) {
        long[] src = o.values(t.name());
        System.arraycopy(src, 0, w.values(t.name()), 0, src.length);
      }
      long[] src = o.accumulator("ct");
      assertFalse(Arrays.equals(src, w.accumulator("ct")), "the other layer computes another accumulator");
      System.arraycopy(src, 0, w.accumulator("ct"), 0, src.length);
    }, CT_IN);
    Circuit.Requant rq = ((Circuit.ConvTranspose) CONV_T.circuit().steps().get(0)).requant();
    long[] acc = tampered[0].accumulator("ct");
    PaddedShape os = CONV_T.circuit().tensor("y").padded();
    long[] m = Protocol.multiplierTable(os, rq, 6);
    for (int i = 0; i < acc.length; i++) {
      long limbs = 0;
      for (int k = 0; k < rq.limbs(); k++) {
        limbs += tampered[0].values("y#rem" + k)[i] << (Circuit.Requant.LIMB_BITS * k);
      }
      assertEquals(acc[i] * m[i] + rq.offset(), (tampered[0].values("y#q")[i] << rq.shift()) + limbs);
    }
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(CONV_T, p).check());
  }

  @Test
  void aTransposedConvolutionOutputOffByOneIsCaught() {
    Proof p = CONV_T.prover().prove(CT_IN, raiseOneQuotient("y"), CT_IN);
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(CONV_T, p).check());
  }

  @Test
  void aChannelSumcheckThatEndsOnTheTrueAccumulatorIsCaughtByItsFinalCheck() {
    // per-channel multipliers: a raised q changes the target; the forged channel sum-check sums to
    // it (its rounds hold) but the true acc(point) is sent, so the later steps hold too and only
    // the channel sum-check's final check (eq·M·acc against the last round) is left to fail
    AggregateProver prover = CONV_T.prover();
    prover.forgeRequantSums = true;
    Proof p = prover.prove(CT_IN, raiseOneQuotient("y"), CT_IN);
    assertEquals(SumcheckCheck.FINAL_EVALUATION, rejected(CONV_T, p).check());
  }

  @Test
  void aRunTimeWeightOtherThanTheStatedOneIsCaughtOnTheInput() throws Exception {
    AggregateFixtures.Model m = AggregateFixtures.convTransposeRunTimeWeight(12);
    long[] weight = AggregateFixtures.int8(new SplittableRandom(13), 72);
    long[] input = new long[48 + 72];
    System.arraycopy(CT_IN, 0, input, 0, 48);
    System.arraycopy(weight, 0, input, 48, 72);
    m.verifier().verify(m.prover().prove(input));
    // the prover computes with another W (every relation holds for it) but states the honest one
    long[] other = input.clone();
    other[48 + 5] = other[48 + 5] == 127 ? 126 : other[48 + 5] + 1;
    Proof p = m.prover().prove(other, null, input);
    assertEquals(AggregateCheck.PUBLIC_INPUT, rejected(m, p).check());
  }

  @Test
  void aComputedWeightsPaddingNeverReachesTheOutput() throws Exception {
    // W = f(W0) by a table with f(0) = 7: W's padding (M/G 3 → 4, kernel 3 → 4) holds 7s, which the
    // transposed convolution must never read; the output equals that of W = f(W0) as a public input
    AggregateFixtures.Model direct = AggregateFixtures.convTransposeRunTimeWeight(12);
    Circuit.ConvTranspose ct = (Circuit.ConvTranspose) direct.circuit().steps().get(0);
    long[] table = new long[256];
    for (int v = -128; v < 128; v++) {
      table[v + 128] = Math.floorDiv(v, 2) + 7;
    }
    CircuitBuilder b = new CircuitBuilder("ct-computed-weight").input("x", 1, 4, 3, 4).input("W0", 4, 3, 3, 2)
        .weight("wb", 6);
    b.unary("f", "W0", "W", table);
    b.convTranspose("ct", "x", "W", "wb", "y", ct.geometry(), ct.group(), new int[] {1, 6, 7, 6}, ct.requant());
    AggregateFixtures.Model computed = AggregateFixtures.commit(b.build("y"), direct.weights(), 14);
    long[] w0 = AggregateFixtures.int8(new SplittableRandom(15), 72);
    long[] input = new long[48 + 72];
    long[] directInput = new long[48 + 72];
    System.arraycopy(CT_IN, 0, input, 0, 48);
    System.arraycopy(CT_IN, 0, directInput, 0, 48);
    for (int i = 0; i < 72; i++) {
      input[48 + i] = w0[i];
      directInput[48 + i] = table[(int) w0[i] + 128];
    }
    Witness w = Witness.compute(computed.circuit(), input, computed.weights());
    // padded [4, 4, 4, 2]: 128 entries, 72 real
    assertTrue(Arrays.stream(w.values("W")).filter(v -> v == 7).count() >= 128 - 72, "W's padding holds f(0) = 7");
    Proof p = computed.prover().prove(input);
    computed.verifier().verify(Proof.read(p.toBytes(), "proof", AggregateFixtures.PCS));
    assertArrayEquals(direct.prover().prove(directInput).output(), p.output());
  }

  // ------------------------------------------------------------------ elementwise, matmul, max/min

  private static final AggregateFixtures.Model EW = AggregateFixtures.elementwise(5);
  private static final long[] X3 = AggregateFixtures.int8(new SplittableRandom(6), 30);

  /**
   * A cheating prover that proves the honest circuit with the complete witness of another circuit
   * (every other relation and lookup then holds; only the changed step's relation does not).
   */
  private static Proof proveWithWitnessOf(AggregateFixtures.Variant v) {
    Circuit other = AggregateFixtures.elementwiseCircuit(v);
    return EW.prover().prove(X3, w -> {
      Witness o = Witness.compute(other, X3, EW.weights());
      for (Circuit.Tensor t : other.tensors(Circuit.Kind.TRACE)) {
        long[] src = o.values(t.name());
        System.arraycopy(src, 0, w.values(t.name()), 0, src.length);
      }
      for (Circuit.Step s : other.steps()) {
        if (s instanceof Circuit.Requantized) {
          long[] src = o.accumulator(s.name());
          System.arraycopy(src, 0, w.accumulator(s.name()), 0, src.length);
        }
      }
    }, X3);
  }

  @Test
  void theElementwiseFixtureProvesAndAnyVariantWitnessChangesItsOutput() throws Exception {
    EW.verifier().verify(EW.prover().prove(X3));
    long[] honest = EW.prover().prove(X3).output();
    for (AggregateFixtures.Variant v : List.of(new AggregateFixtures.Variant(4, 5, 1, true, false),
        new AggregateFixtures.Variant(3, 6, 1, true, false), new AggregateFixtures.Variant(3, 5, 2, true, false),
        new AggregateFixtures.Variant(3, 5, 1, false, false))) {
      // each cheat states another output: the attacks below are about something that matters
      assertFalse(Arrays.equals(honest, proveWithWitnessOf(v).output()), v.toString());
    }
  }

  @Test
  void anAffineStepWithAnotherCoefficientIsCaught() {
    Proof p = proveWithWitnessOf(new AggregateFixtures.Variant(4, 5, 1, true, false));
    assertEquals(AggregateCheck.ELEMENTWISE_SUM, rejected(EW, p).check());
  }

  @Test
  void aProductStepWithAnotherCoefficientIsCaught() {
    Proof p = proveWithWitnessOf(new AggregateFixtures.Variant(3, 6, 1, true, false));
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(EW, p).check());
  }

  @Test
  void aMatrixProductWithAnotherCoefficientIsCaught() {
    Proof p = proveWithWitnessOf(new AggregateFixtures.Variant(3, 5, 2, true, false));
    assertEquals(SumcheckCheck.ROUND_SUM, rejected(EW, p).check());
  }

  @Test
  void aMinimumProvedAsTheMaximumIsCaught() {
    Proof p = proveWithWitnessOf(new AggregateFixtures.Variant(3, 5, 1, false, false));
    assertEquals(AggregateCheck.MAX_MIN_CHAIN, rejected(EW, p).check());
  }

  @Test
  void aBrokenMaxMinPairIsCaught() {
    // replace one (difference, gain) pair by another valid ReLU pair: lookups hold, the chain does not
    Proof p = EW.prover().prove(X3, w -> {
      long[] d = w.values("y#D1");
      long[] g = w.values("y#G1");
      d[0] += 5;
      g[0] = Math.max(0, d[0]);
    }, X3);
    assertEquals(AggregateCheck.MAX_MIN_CHAIN, rejected(EW, p).check());
  }

  @Test
  void aWrongSignWitnessCannotBeProved() {
    // relu(x) replaced by x with everything downstream consistent: only the ReLU lookup (the sign
    // witness of sign-dependent terms) stands in the way, and no multiplicity makes (x, x) a table row
    assertThrows(ProvingException.class,
        () -> proveWithWitnessOf(new AggregateFixtures.Variant(3, 5, 1, true, true)));
  }

  @Test
  void randomMutationsOfARealProofAreNeverAccepted() throws Exception {
    assertMutationsRejected(MLP, MLP.prover().prove(X), Integer.getInteger("deepprove.fuzz.mutations", 1500));
  }

  @Test
  void randomMutationsOfAnElementwiseProofAreNeverAccepted() throws Exception {
    assertMutationsRejected(EW, EW.prover().prove(X3), Integer.getInteger("deepprove.fuzz.mutations", 1500) / 5);
  }

  @Test
  void randomMutationsOfBatchPoolingAndGroupedProofsAreNeverAccepted() throws Exception {
    int n = Integer.getInteger("deepprove.fuzz.mutations", 1500) / 5;
    SplittableRandom rng = new SplittableRandom(79);
    java.util.List<long[]> batch = java.util.List.of(AggregateFixtures.small(rng, 20, 24),
        AggregateFixtures.small(rng, 20, 24), AggregateFixtures.small(rng, 20, 24));
    assertMutationsRejected(MLP, MLP.prover().proveBatch(batch), n);
    for (AggregateFixtures.Model m : java.util.List.of(AggregateFixtures.pools(8), AggregateFixtures.depthwise(9))) {
      int size = m.circuit().realSize(m.circuit().inputs());
      assertMutationsRejected(m, m.prover().prove(AggregateFixtures.small(rng, size, 24)), n);
    }
  }

  private static void assertMutationsRejected(AggregateFixtures.Model model, Proof p, int mutations) throws Exception {
    byte[] bytes = p.toBytes();
    SplittableRandom rng = new SplittableRandom(77);
    int formatErrors = 0;
    int rejections = 0;
    for (int i = 0; i < mutations; i++) {
      byte[] m = mutate(bytes, rng);
      if (Arrays.equals(m, bytes)) {
        continue;
      }
      try {
        model.verifier().verify(Proof.read(m, "proof.bin", AggregateFixtures.PCS));
        fail("mutation " + i + " was accepted");
      } catch (ProofFormatException e) {
        formatErrors++;
      } catch (VerificationException e) {
        rejections++;
      }
    }
    assertTrue(formatErrors + rejections >= mutations - 5);
  }

  @Test
  void randomMutationsOfASoftmaxProofAreNeverAccepted() throws Exception {
    for (AggregateFixtures.Model m : List.of(SOFTMAX, LOG_SOFTMAX)) {
      byte[] bytes = m.prover().prove(ROWS).toBytes();
      SplittableRandom rng = new SplittableRandom(78);
      for (int i = 0; i < 200; i++) {
        byte[] b = mutate(bytes, rng);
        if (Arrays.equals(b, bytes)) {
          continue;
        }
        try {
          m.verifier().verify(Proof.read(b, "proof.bin", AggregateFixtures.PCS));
          fail("mutation " + i + " of the " + m.circuit().name() + " proof was accepted");
        } catch (ProofFormatException | VerificationException e) {
          // rejected
        }
      }
    }
  }

  static byte[] mutate(byte[] bytes, SplittableRandom rng) {
    switch (rng.nextInt(4)) {
      case 0, 1 -> {
        byte[] m = bytes.clone();
        m[rng.nextInt(m.length)] ^= (byte) (1 << rng.nextInt(8));
        return m;
      }
      case 2 -> {
        return Arrays.copyOf(bytes, rng.nextInt(bytes.length));
      }
      default -> {
        int at = rng.nextInt(bytes.length + 1);
        byte[] m = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, m, 0, at);
        m[at] = (byte) rng.nextInt(256);
        System.arraycopy(bytes, at, m, at + 1, bytes.length - at);
        return m;
      }
    }
  }

  /**
   * Without its lookups a requantization relation t = q·2^s + rem pins nothing: any q passes with
   * rem = t − q·2^s, and out is tied to q only by the clamp lookup. So every requantizing step of
   * every fixture must look up (q, out) against its clamp and each remainder limb against its range.
   */
  @Test
  void everyRequantizingStepLooksUpItsQuotientAndLimbs() {
    for (AggregateFixtures.Model m : java.util.List.of(MLP, CNN, AggregateFixtures.pools(5),
        AggregateFixtures.depthwise(6), AggregateFixtures.elementwise(7), AggregateFixtures.convTranspose(8))) {
      Circuit c = m.circuit();
      java.util.List<Protocol.LookupSpec> specs = Protocol.lookups(c);
      int requantizing = 0;
      for (Circuit.Step s : c.steps()) {
        if (!(s instanceof Circuit.Requantized r)) {
          continue;
        }
        requantizing++;
        assertTrue(specs.stream().anyMatch(l -> l.input().equals(r.q()) && r.out().equals(l.output())),
            c.name() + ": step '" + s.name() + "' has no clamp lookup of (q, out)");
        for (int k = 0; k < r.requant().limbs(); k++) {
          String limb = r.limb(k);
          assertTrue(specs.stream().anyMatch(l -> l.input().equals(limb) && l.output() == null),
              c.name() + ": step '" + s.name() + "' has no range lookup of limb " + k);
        }
      }
      assertTrue(requantizing > 0, c.name());
    }
  }
}
