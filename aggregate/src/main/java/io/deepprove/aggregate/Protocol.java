package io.deepprove.aggregate;

import io.deepprove.aggregate.Circuit.AvgPool;
import io.deepprove.aggregate.Circuit.Elementwise;
import io.deepprove.aggregate.Circuit.Linear;
import io.deepprove.aggregate.Circuit.MaxMin;
import io.deepprove.aggregate.Circuit.MaxPool;
import io.deepprove.aggregate.Circuit.Reduce;
import io.deepprove.aggregate.Circuit.Relayout;
import io.deepprove.aggregate.Circuit.Requant;
import io.deepprove.aggregate.Circuit.Softmax;
import io.deepprove.aggregate.Circuit.Requantized;
import io.deepprove.aggregate.Circuit.Step;
import io.deepprove.aggregate.Circuit.Unary;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.poly.Eq;
import io.deepprove.lookup.ClampTable;
import io.deepprove.core.poly.Multilinear;
import io.deepprove.lookup.LookupStatement;
import io.deepprove.lookup.Table;
import io.deepprove.lookup.Tables;
import io.deepprove.sumcheck.ProductShape;
import io.deepprove.sumcheck.SparseLinearMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * What prover and verifier derive identically from the public circuit: the committed trace
 * polynomials and their order, the lookups, the sum-check statements of each step, and the
 * multilinear extensions of public vectors the verifier evaluates itself.
 */
final class Protocol {

  /** Domain separation of the whole proof. */
  static final String LABEL = "deepprove/proof/v1";

  /**
   * Signed domain of the requantization quotient q looked up against its clamp: [−2^11, 2^11), 16×
   * the int8 range the calibration maps activations to. An input that drives a quotient further out
   * cannot be proved (the prover says so); a larger domain would make every proof pay for a larger
   * table.
   */
  static final int QUOTIENT_BITS = 12;

  /** Domain of pairwise max-pool differences: [−256, 256). */
  static final int DIFFERENCE_BITS = 10;

  /** The one zero weight a weightless model commits to, so every proof has a model opening. */
  static final String NO_WEIGHTS = "#none";

  private Protocol() {}

  /** A model opening needs at least one claim: a weightless model's is its zero weight at the empty point. */
  static void ensureModelClaim(Circuit c, io.deepprove.commit.ModelCommitment model,
      List<io.deepprove.core.pcs.OpeningClaim> claims) {
    if (claims.isEmpty() && c.tensors().containsKey(NO_WEIGHTS)) {
      claims.add(model.claim(NO_WEIGHTS, new Ext2[0], Ext2.ZERO));
    }
  }

  /**
   * Splits the proof's public vector (the real values of {@code names}, one tensor after the other;
   * the caller has checked its length) into each tensor's padded field vector.
   */
  static Map<String, long[]> publicValues(Circuit c, List<String> names, long[] flat) {
    Map<String, long[]> m = new HashMap<>();
    int at = 0;
    for (String n : names) {
      PaddedShape ps = c.tensor(n).padded();
      m.put(n, ps.pad(java.util.Arrays.copyOfRange(flat, at, at + (int) ps.realSize())));
      at += (int) ps.realSize();
    }
    return m;
  }

  /** A lookup of a committed tensor (and, for two-column tables, its image) into a table. */
  record LookupSpec(Table table, String input, String output, int length) {}

  /** The lookups of a circuit, in step order. */
  static List<LookupSpec> lookups(Circuit c) {
    List<LookupSpec> l = new ArrayList<>();
    for (Step s : c.steps()) {
      if (s instanceof Softmax sm) {
        softmaxLookups(c, sm, l);
      } else if (s instanceof AvgPool a) {
        int n = c.tensor(a.out()).padded().paddedSize();
        l.add(new LookupSpec(Tables.clamp(QUOTIENT_BITS, a.lo(), a.hi()), a.q(), a.out(), n));
        l.add(new LookupSpec(Tables.clamp(QUOTIENT_BITS, -1, 1), a.q(), a.sign(), n));
        l.add(new LookupSpec(Tables.range(a.rangeBits()), a.lower(), null, n));
        l.add(new LookupSpec(Tables.range(a.rangeBits()), a.upper(), null, n));
      } else if (s instanceof Requantized rq) {
        // every requantizing step (linear, grouped convolution, reduction, elementwise, matmul): q
        // against its clamp to out, each remainder limb against its range
        requantLookups(c, rq, l);
      } else if (s instanceof MaxMin mm) {
        int n = c.tensor(mm.out()).padded().paddedSize();
        for (int k = 1; k < mm.terms().size(); k++) {
          l.add(new LookupSpec(differenceTable(), mm.difference(k), mm.gain(k), n));
        }
      } else if (s instanceof Unary u) {
        long[] ins = new long[256];
        for (int i = 0; i < 256; i++) {
          ins[i] = i - 128;
        }
        l.add(new LookupSpec(Tables.pairs(ins, u.values()), u.in(), u.out(), c.tensor(u.in()).padded().paddedSize()));
      } else if (s instanceof MaxPool p) {
        int n = c.tensor(p.differences()).padded().paddedSize();
        l.add(new LookupSpec(differenceTable(), p.differences(), p.gains(), n));
      }
    }
    return l;
  }

  /** The requantization's lookups: (q, out) in the clamp table, each remainder limb in its range. */
  static void requantLookups(List<LookupSpec> l, Requant rq, String q, String out, IntFunction<String> limb, int n) {
    l.add(new LookupSpec(Tables.clamp(QUOTIENT_BITS, rq.lo(), rq.hi()), q, out, n));
    for (int k = 0; k < rq.limbs(); k++) {
      l.add(new LookupSpec(Tables.range(rq.limbBits(k)), limb.apply(k), null, n));
    }
  }

  /** A softmax step's lookups (see {@link Softmax}). */
  static void softmaxLookups(Circuit c, Softmax s, List<LookupSpec> l) {
    int n = c.tensor(s.in()).padded().paddedSize();
    int rows = c.tensor(s.max()).padded().paddedSize();
    long[] exp = s.expTable();
    long[] t = new long[exp.length];
    for (int i = 0; i < t.length; i++) {
      t[i] = i;
    }
    l.add(new LookupSpec(Tables.pairs(t, exp), s.differences(), s.exps(), n));
    if (!s.log()) {
      l.add(new LookupSpec(new ClampTable(s.quotientBits(), 0, 0, 127), s.q(), s.out(), n));
      for (int k = 0; k < s.remainderLimbs(); k++) {
        l.add(new LookupSpec(Tables.range(s.remainderLimbBits(k)), s.remainder(k), null, n));
      }
      for (int k = 0; k < s.slackLimbs(); k++) {
        l.add(new LookupSpec(Tables.range(s.remainderLimbBits(k)), s.slack(k), null, n));
      }
      return;
    }
    int exps = s.maxExponent() - 8 + 1;
    long[] pows = new long[exps];
    long[] lnPows = new long[exps];
    for (int e = 8; e <= s.maxExponent(); e++) {
      pows[e - 8] = 1L << (e - 8);
      lnPows[e - 8] = (e - 16) * s.ln2Coef();
    }
    l.add(new LookupSpec(Tables.pairs(pows, lnPows), s.pow(), s.lnPow(), rows));
    long[] f = new long[256];
    for (int i = 0; i < f.length; i++) {
      f[i] = i;
    }
    l.add(new LookupSpec(Tables.pairs(f, s.lnTable()), s.frac(), s.lnFrac(), rows));
    for (int k = 0; k < s.lowLimbs(); k++) {
      int bits = Softmax.limbBits(s.lowBits(), k);
      l.add(new LookupSpec(Tables.range(bits), s.low(k), null, rows));
      l.add(new LookupSpec(Tables.range(bits), s.lowSlack(k), null, rows));
    }
    requantLookups(l, s.requant(), s.q(), s.out(), s::remainder, n);
  }

  /** q against its clamp to out, each remainder limb against its range. */
  private static void requantLookups(Circuit c, Circuit.Requantized s, List<LookupSpec> l) {
    Requant rq = s.requant();
    int n = c.tensor(s.out()).padded().paddedSize();
    l.add(new LookupSpec(Tables.clamp(QUOTIENT_BITS, rq.lo(), rq.hi()), s.q(), s.out(), n));
    for (int k = 0; k < rq.limbs(); k++) {
      l.add(new LookupSpec(Tables.range(rq.limbBits(k)), s.limb(k), null, n));
    }
  }

  /** d → relu(d) on the pairwise-difference domain [−2^(b−1), 2^(b−1)). */
  static Table differenceTable() {
    return Tables.clamp(DIFFERENCE_BITS, 0, (1L << (DIFFERENCE_BITS - 1)) - 1);
  }

  static LookupStatement statement(List<LookupSpec> lookups) {
    LookupStatement.Builder b = LookupStatement.builder();
    for (LookupSpec s : lookups) {
      b.add(s.table(), s.length());
    }
    return b.build();
  }

  /** Index of each TRACE tensor among the committed trace polynomials (multiplicities follow). */
  static Map<String, Integer> traceIndex(Circuit c) {
    Map<String, Integer> m = new HashMap<>();
    for (Circuit.Tensor t : c.tensors(Circuit.Kind.TRACE)) {
      m.put(t.name(), m.size());
    }
    return m;
  }

  // ------------------------------------------------------------------ requantization relation

  /**
   * Σ_i eq(r, i)·M(i)·acc(i) as the relation M·acc = 2^s·q + Σ_k 2^(8k)·limb_k − offset fixes it
   * from the values of q and the limbs at r ({@code sent}: q(r), limb_0(r), …).
   */
  static Ext2 requantTarget(Requant rq, Ext2[] sent) {
    Ext2 v = Ext2.ofBase(Goldilocks.neg(rq.offset())).add(sent[0].mulBase(1L << rq.shift()));
    for (int k = 0; k < rq.limbs(); k++) {
      v = v.add(sent[1 + k].mulBase(1L << (Requant.LIMB_BITS * k)));
    }
    return v;
  }

  /** Whether the product M·acc needs a sum-check over channel variables (several multipliers). */
  static boolean requantHasChannelSumcheck(PaddedShape acc, Requant rq) {
    return rq.channelDim() >= 0 && acc.vars(rq.channelDim()) > 0;
  }

  /** The multipliers over a padded channel dimension of c variables (0 on padded channels). */
  static long[] channelMultipliers(Requant rq, int c, int realChannels) {
    long[] m = new long[1 << c];
    for (int ch = 0; ch < realChannels; ch++) {
      m[ch] = rq.multiplier(ch);
    }
    return m;
  }

  /** Variables of the dimensions before d. */
  static int varsBefore(PaddedShape s, int d) {
    int v = 0;
    for (int k = 0; k < d; k++) {
      v += s.vars(k);
    }
    return v;
  }

  /** point with dimension d's coordinates replaced by {@code slice}. */
  static Ext2[] withSlice(PaddedShape s, Ext2[] point, int d, Ext2[] slice) {
    Ext2[] p = point.clone();
    System.arraycopy(slice, 0, p, varsBefore(s, d), s.vars(d));
    return p;
  }

  /** An interleaved eq table as its two coordinate vectors, for {@link #dotEq}. */
  static long[][] splitEq(long[] eq) {
    long[] e0 = new long[eq.length / 2];
    long[] e1 = new long[eq.length / 2];
    for (int i = 0; i < e0.length; i++) {
      e0[i] = eq[2 * i];
      e1[i] = eq[2 * i + 1];
    }
    return new long[][] {e0, e1};
  }

  /** Σ_i f[i]·eq[i] for canonical base values f and a {@link #splitEq split} eq table. */
  static Ext2 dotEq(long[] f, long[][] eq) {
    return new Ext2(Goldilocks.dot(f, eq[0]), Goldilocks.dot(f, eq[1]));
  }

  /** The per-position multiplier table M(i) over the accumulator's padded layout (0 on padded channels). */
  static long[] multiplierTable(PaddedShape acc, Requant rq, int realChannels) {
    long[] m = new long[acc.paddedSize()];
    int[] p = acc.padded();
    int stride = 1;
    int channels = 1;
    if (rq.channelDim() >= 0) {
      for (int d = rq.channelDim() + 1; d < p.length; d++) {
        stride *= p[d];
      }
      channels = p[rq.channelDim()];
    }
    for (int i = 0; i < m.length; i++) {
      int ch = rq.channelDim() < 0 ? 0 : (i / stride) % channels;
      m[i] = ch < realChannels ? rq.multiplier(ch) : 0;
    }
    return m;
  }

  /** M̃ at ρ: the channel vector's MLE at ρ's channel coordinates (constant along other dimensions). */
  static Ext2 multiplierAt(PaddedShape acc, Requant rq, int realChannels, Ext2[] rho) {
    if (rq.channelDim() < 0) {
      return Ext2.ofBase(rq.multiplier(0));
    }
    Ext2[] rc = acc.slice(rho, rq.channelDim());
    long[] eq = Eq.table(rc);
    Ext2 s = Ext2.ZERO;
    for (int c = 0; c < realChannels; c++) {
      s = s.add(new Ext2(eq[2 * c], eq[2 * c + 1]).mulBase(rq.multiplier(c)));
    }
    return s;
  }

  // ------------------------------------------------------------------ softmax relation

  /** The multilinears of a softmax relation the verifier evaluates itself: eq(r, ·), the real mask, eq(r_row, row(·)). */
  static final int SOFTMAX_EQ = 0;
  static final int SOFTMAX_MASK = 1;
  static final int SOFTMAX_EQ_ROW = 2;
  static final int SOFTMAX_FIXED = 3;

  /**
   * The tensors of a softmax relation's other multilinears, in order (from index {@link #SOFTMAX_FIXED});
   * row tensors enter broadcast along j, so their value at ρ is the row tensor's at {@link #rowPoint}.
   */
  static List<String> softmaxFactors(Softmax s) {
    List<String> f = new ArrayList<>(List.of(s.max(), s.in(), s.differences(), s.selector(), s.exps(), s.sum(), s.q()));
    for (int k = 0; k < s.remainderLimbs(); k++) {
      f.add(s.remainder(k));
    }
    for (int k = 0; k < s.slackLimbs(); k++) {
      f.add(s.slack(k));
    }
    if (s.log()) {
      f.add(s.pow());
      f.add(s.frac());
      for (int k = 0; k < s.lowLimbs(); k++) {
        f.add(s.low(k));
      }
      for (int k = 0; k < s.lowLimbs(); k++) {
        f.add(s.lowSlack(k));
      }
      f.add(s.lnPow());
      f.add(s.lnFrac());
    }
    return f;
  }

  /**
   * One sum-check over the element layout for all of a softmax step, its relations batched by
   * powers of α (eq = eq(r, i), μ = the real mask, eqR = eq(r_row, row(i)), B = a row tensor
   * broadcast along j, limbs summed with weights 2^(8k)):
   * <pre>
   *   eq·(d − μ·(mB − x))                                  d = m − x on real entries, 0 elsewhere
   * + α·eq·sel·d                                           the selected element is the maximum
   * + α²·eq·μ·(2·outK·e + SB − 2·SB·q − rem)                softmax: the rounded division
   * + α³·eq·μ·(rem + slack − 2·SB + 1)                      softmax: rem &lt; 2·S
   * + α²·eq·μ·(M·(−inCoef·d − LpB − LfB) + 2^(s−1) − 2^s·q − rem)   log-softmax: requantization
   * + α⁴·eqR·μ·e + α⁵·eqR·μ·sel                             row sums S̃(r_row) and Σ sel = 1
   * + α⁶·eqR·μ·(SB − 256·PB − PB·fB − lowB)                 log-softmax: S = P·(256 + f) + low
   * + α⁷·eqR·μ·(lowB + lowSlackB − PB + 1)                  log-softmax: low &lt; P
   * </pre>
   * sums to α⁴·S̃(r_row) + α⁵·μ_row(r_row) ({@link #softmaxClaim}). The row relations are summed
   * over the n real elements of each row, which multiplies them by the non-zero constant n.
   */
  static ProductShape softmaxShape(Softmax s, int numVars, Ext2 alpha) {
    List<String> f = softmaxFactors(s);
    ProductShape.Builder b = ProductShape.builder(numVars, SOFTMAX_FIXED + f.size());
    java.util.function.ToIntFunction<String> ix = t -> SOFTMAX_FIXED + f.indexOf(t);
    Ext2[] a = new Ext2[8];
    a[0] = Ext2.ONE;
    for (int k = 1; k < a.length; k++) {
      a[k] = a[k - 1].mul(alpha);
    }
    int eq = SOFTMAX_EQ;
    int mu = SOFTMAX_MASK;
    int eqr = SOFTMAX_EQ_ROW;
    int m = ix.applyAsInt(s.max());
    int x = ix.applyAsInt(s.in());
    int d = ix.applyAsInt(s.differences());
    int sel = ix.applyAsInt(s.selector());
    int e = ix.applyAsInt(s.exps());
    int sum = ix.applyAsInt(s.sum());
    int q = ix.applyAsInt(s.q());
    b.term(a[0], eq, d);
    b.term(a[0].neg(), eq, mu, m);
    b.term(a[0], eq, mu, x);
    b.term(a[1], eq, sel, d);
    if (!s.log()) {
      b.term(times(a[2], 2 * s.outK()), eq, mu, e);
      b.term(a[2], eq, mu, sum);
      b.term(times(a[2], -2), eq, mu, sum, q);
      for (int k = 0; k < s.remainderLimbs(); k++) {
        b.term(times(a[2], -(1L << (Requant.LIMB_BITS * k))), eq, mu, ix.applyAsInt(s.remainder(k)));
        b.term(times(a[3], 1L << (Requant.LIMB_BITS * k)), eq, mu, ix.applyAsInt(s.remainder(k)));
      }
      for (int k = 0; k < s.slackLimbs(); k++) {
        b.term(times(a[3], 1L << (Requant.LIMB_BITS * k)), eq, mu, ix.applyAsInt(s.slack(k)));
      }
      b.term(times(a[3], -2), eq, mu, sum);
      b.term(a[3], eq, mu);
    } else {
      Requant rq = s.requant();
      long mul = rq.multiplier(0);
      b.term(times(times(a[2], -mul), s.inCoef()), eq, mu, d);
      b.term(times(a[2], -mul), eq, mu, ix.applyAsInt(s.lnPow()));
      b.term(times(a[2], -mul), eq, mu, ix.applyAsInt(s.lnFrac()));
      b.term(times(a[2], rq.offset()), eq, mu);
      b.term(times(a[2], -(1L << rq.shift())), eq, mu, q);
      for (int k = 0; k < s.remainderLimbs(); k++) {
        b.term(times(a[2], -(1L << (Requant.LIMB_BITS * k))), eq, mu, ix.applyAsInt(s.remainder(k)));
      }
      int pow = ix.applyAsInt(s.pow());
      b.term(a[6], eqr, mu, sum);
      b.term(times(a[6], -256), eqr, mu, pow);
      b.term(a[6].neg(), eqr, mu, pow, ix.applyAsInt(s.frac()));
      for (int k = 0; k < s.lowLimbs(); k++) {
        long w = 1L << (Requant.LIMB_BITS * k);
        b.term(times(a[6], -w), eqr, mu, ix.applyAsInt(s.low(k)));
        b.term(times(a[7], w), eqr, mu, ix.applyAsInt(s.low(k)));
        b.term(times(a[7], w), eqr, mu, ix.applyAsInt(s.lowSlack(k)));
      }
      b.term(a[7].neg(), eqr, mu, pow);
      b.term(a[7], eqr, mu);
    }
    b.term(a[4], eqr, mu, e);
    b.term(a[5], eqr, mu, sel);
    return b.build();
  }

  /** What {@link #softmaxShape} sums to: α⁴·S̃(r_row) + α⁵·μ_row(r_row). */
  static Ext2 softmaxClaim(Ext2 alpha, Ext2 sumAtRow, Ext2 rowMaskAtRow) {
    Ext2 a2 = alpha.mul(alpha);
    Ext2 a4 = a2.mul(a2);
    return a4.mul(sumAtRow).add(a4.mul(alpha).mul(rowMaskAtRow));
  }

  private static Ext2 times(Ext2 c, long signed) {
    return c.mulBase(Goldilocks.fromSigned(signed));
  }

  /** The row coordinates (outer, inner) of a point of a softmax element layout [outer, n, inner]. */
  static Ext2[] rowPoint(PaddedShape el, Ext2[] point) {
    return concat(el.slice(point, 0), el.slice(point, 2));
  }

  /** A row table ([outer, inner] layout, {@code width} longs per entry) repeated along j of [outer, n, inner]. */
  static long[] broadcastRows(PaddedShape el, long[] rows, int width) {
    int vn = el.vars(1);
    int vi = el.vars(2);
    long[] out = new long[el.paddedSize() * width];
    int innerMask = (1 << vi) - 1;
    for (int i = 0; i < el.paddedSize(); i++) {
      int row = ((i >>> (vn + vi)) << vi) | (i & innerMask);
      for (int w = 0; w < width; w++) {
        out[i * width + w] = rows[row * width + w];
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ average pooling

  /**
   * Σ_i eq(r, i)·((1 + λ)·w − 4·num + 4·count·q − σ − (2 + 4λ)·count + λ·w') = −1 − 2λ, i.e.
   * w = 4·num − 4·count·q + σ + 2·count − 1 and w + w' = 4·count − 2 at every i (batched by λ):
   * multilinears [eq, count, w, num, q, σ, w'].
   */
  static ProductShape avgPoolShape(int numVars, Ext2 lambda) {
    ProductShape.Builder b = ProductShape.builder(numVars, 7);
    b.term(Ext2.ONE.add(lambda), 0, 2);
    b.term(Ext2.ofBase(Goldilocks.neg(4)), 0, 3);
    b.term(Ext2.ofBase(4), 0, 1, 4);
    b.term(Ext2.ofBase(Goldilocks.neg(1)), 0, 5);
    b.term(Ext2.ofBase(2).add(lambda.mulBase(4)).neg(), 0, 1);
    b.term(lambda, 0, 6);
    return b.build();
  }

  static Ext2 avgPoolClaim(Ext2 lambda) {
    return Ext2.ONE.add(lambda.mulBase(2)).neg();
  }

  /** The window count of every padded output position (1 on padded spatial positions). */
  static long[] countTable(Circuit c, AvgPool p) {
    PaddedShape os = new PaddedShape(Circuit.spatial5(c.tensor(p.out()).shape()));
    long[] spatial = spatialCounts(os, p.counts());
    long[] t = new long[os.paddedSize()];
    for (int at = 0; at < t.length; at += spatial.length) {
      System.arraycopy(spatial, 0, t, at, spatial.length);
    }
    return t;
  }

  /** count̃ at ρ: the spatial count table's MLE at ρ's spatial coordinates (constant along N and C). */
  static Ext2 countAt(Circuit c, AvgPool p, Ext2[] rho) {
    PaddedShape os = new PaddedShape(Circuit.spatial5(c.tensor(p.out()).shape()));
    int lead = os.vars(0) + os.vars(1);
    return Multilinear.evaluateBase(spatialCounts(os, p.counts()), range(rho, lead, rho.length));
  }

  private static long[] spatialCounts(PaddedShape os, int[] counts) {
    int[] real = os.shape();
    int[] pd = os.padded();
    if (counts.length != real[2] * real[3] * real[4]) {
      throw new IllegalArgumentException(counts.length + " average-pool counts for " + real[2] * real[3] * real[4]
          + " output positions");
    }
    long[] t = new long[pd[2] * pd[3] * pd[4]];
    java.util.Arrays.fill(t, 1);
    int i = 0;
    for (int o0 = 0; o0 < real[2]; o0++) {
      for (int o1 = 0; o1 < real[3]; o1++) {
        for (int o2 = 0; o2 < real[4]; o2++) {
          t[(o0 * pd[3] + o1) * pd[4] + o2] = counts[i++];
        }
      }
    }
    return t;
  }

  /** FILL·Σ_{rows outside the input} eq(r, row): the constant part of the stacked max-pool windows at r. */
  static Ext2 poolFillAt(Circuit c, MaxPool p, Ext2[] point) {
    int[] rows = Im2col.poolFillRows(c, p);
    if (rows.length == 0) {
      return Ext2.ZERO;
    }
    long[] eq = Eq.table(point);
    long c0 = 0;
    long c1 = 0;
    for (int at : rows) {
      c0 = Goldilocks.add(c0, eq[2 * at]);
      c1 = Goldilocks.add(c1, eq[2 * at + 1]);
    }
    return new Ext2(c0, c1).mulBase(Goldilocks.fromSigned(MaxPool.FILL));
  }

  /** The channel count of a requantized step's multiplier table (1 when per-tensor). */
  static int realChannels(Circuit c, Requantized s) {
    Requant rq = s.requant();
    return rq.channelDim() < 0 ? 1 : c.tensor(s.out()).shape()[rq.channelDim()];
  }

  // ------------------------------------------------------------------ broadcasting

  /**
   * For each padded index of {@code out}, the padded index of {@code in} that numpy broadcasting
   * reads ({@code in}'s shape right-aligned; its axes of size 1 read index 0).
   */
  static int[] broadcastIndex(PaddedShape out, PaddedShape in) {
    int[] os = out.shape();
    int[] is = in.shape();
    Circuit.checkBroadcast(is, os, "tensor");
    int rank = os.length;
    int off = rank - is.length;
    int[] op = out.padded();
    int[] ip = in.padded();
    // stride, in in's padded layout, of one step along each output axis (0 where broadcast)
    int[] stride = new int[rank];
    int st = 1;
    for (int d = is.length - 1; d >= 0; d--) {
      stride[off + d] = is[d] == 1 ? 0 : st;
      st *= ip[d];
    }
    int[] map = new int[out.paddedSize()];
    int[] idx = new int[rank];
    int at = 0;
    for (int i = 0; i < map.length; i++) {
      map[i] = at;
      for (int d = rank - 1; d >= 0; d--) {
        idx[d]++;
        at += stride[d];
        if (idx[d] < op[d]) {
          break;
        }
        at -= stride[d] * idx[d];
        idx[d] = 0;
      }
    }
    return map;
  }

  /** The values of {@code in} (padded layout) broadcast to the padded layout of {@code out}. */
  static long[] broadcast(PaddedShape out, PaddedShape in, long[] values) {
    if (out.equals(in)) {
      return values;
    }
    int[] map = broadcastIndex(out, in);
    long[] r = new long[map.length];
    for (int i = 0; i < r.length; i++) {
      r[i] = values[map[i]];
    }
    return r;
  }

  /**
   * The point of {@code in} whose MLE value equals the broadcast tensor's MLE at {@code rho} (a
   * point of {@code out}): the broadcast copy does not depend on the variables of broadcast axes.
   */
  static Ext2[] broadcastPoint(PaddedShape out, int[] in, Ext2[] rho) {
    int off = out.rank() - in.length;
    Ext2[] r = new Ext2[0];
    for (int d = 0; d < in.length; d++) {
      if (in[d] != 1) {
        r = concat(r, out.slice(rho, off + d));
      }
    }
    return r;
  }

  /**
   * Σ_x eq(ρ, x)·Σ_t c_t·Π_f f(x): multilinears [eq, f_0, f_1, …] over the step's distinct factors.
   */
  static ProductShape elementwiseShape(int numVars, Elementwise e) {
    List<String> fs = e.factors();
    ProductShape.Builder b = ProductShape.builder(numVars, 1 + fs.size());
    for (Circuit.Term t : e.terms()) {
      int[] idx = new int[1 + t.factors().size()];
      for (int k = 0; k < t.factors().size(); k++) {
        idx[1 + k] = 1 + fs.indexOf(t.factors().get(k));
      }
      b.term(Ext2.ofBase(Goldilocks.fromSigned(t.coef())), idx);
    }
    return b.build();
  }

  /** productCoef·EM·A·B over (batch, inner) variables: multilinears [eq(ρ_t, t)·mask(p), A(t, ρ_i, p), B(t, p, ρ_j)]. */
  static ProductShape matMulShape(int numVars, Circuit.MatMul mm) {
    return ProductShape.builder(numVars, 3)
        .term(Ext2.ofBase(Goldilocks.fromSigned(mm.productCoef())), 0, 1, 2).build();
  }

  /** A tensor and the point a step evaluates it at. */
  record At(String tensor, Ext2[] point) {}

  /**
   * What a max/min step sends at its random point r, in order: every input X_k (at its broadcast
   * point), then D_k and G_k for k = 1..K−1, then the output.
   */
  static List<At> maxMinPoints(Circuit c, MaxMin mm, Ext2[] r) {
    PaddedShape os = c.tensor(mm.out()).padded();
    List<At> l = new ArrayList<>();
    for (String x : mm.terms()) {
      l.add(new At(x, broadcastPoint(os, c.tensor(x).shape(), r)));
    }
    for (int k = 1; k < mm.terms().size(); k++) {
      l.add(new At(mm.difference(k), r));
      l.add(new At(mm.gain(k), r));
    }
    l.add(new At(mm.out(), r));
    return l;
  }

  /** Whether every term has at most one factor: acc's MLE is then the combination of the factors' MLEs. */
  static boolean isAffine(Elementwise e) {
    for (Circuit.Term t : e.terms()) {
      if (t.factors().size() > 1) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ masks and maps

  /** The MLE at ρ of the 0/1 mask of real entries: Π_d Σ_{i < shape[d]} eq(ρ_d, i). */
  static Ext2 realMaskAt(PaddedShape shape, Ext2[] rho) {
    Ext2 acc = Ext2.ONE;
    int[] real = shape.shape();
    for (int d = 0; d < shape.rank(); d++) {
      long[] eq = Eq.table(shape.slice(rho, d));
      long c0 = 0;
      long c1 = 0;
      for (int i = 0; i < real[d]; i++) {
        c0 = Goldilocks.add(c0, eq[2 * i]);
        c1 = Goldilocks.add(c1, eq[2 * i + 1]);
      }
      acc = acc.mul(new Ext2(c0, c1));
    }
    return acc;
  }

  static long[] realMask(PaddedShape shape) {
    long[] m = new long[shape.paddedSize()];
    for (long i = 0; i < shape.realSize(); i++) {
      m[shape.paddedIndex(i)] = 1;
    }
    return m;
  }

  /** The selection of a relayout step between padded layouts. */
  static SparseLinearMap relayoutMap(Circuit c, Relayout r) {
    PaddedShape is = c.tensor(r.in()).padded();
    PaddedShape os = c.tensor(r.out()).padded();
    int[] src = r.source();
    if (src.length != os.realSize()) {
      throw new IllegalArgumentException("relayout '" + r.name() + "' has " + src.length + " sources for "
          + os.realSize() + " outputs");
    }
    SparseLinearMap.Builder b = SparseLinearMap.builder(os.totalVars(), is.totalVars());
    for (int i = 0; i < src.length; i++) {
      if (src[i] >= is.realSize()) {
        throw new IllegalArgumentException("relayout '" + r.name() + "' reads outside its input");
      }
      if (src[i] >= 0) {
        b.select(os.paddedIndex(i), is.paddedIndex(src[i]));
      }
    }
    return b.build();
  }

  /**
   * A lookup column of one entry v is padded by the lookup module to [v, 0] (one variable): its claim
   * (1 − p)·v = c at point (p) is the claim v = c / (1 − p) on the 0-variable tensor. Other claims
   * pass unchanged. Returns null when p = 1 (the claim then says nothing about v: reject).
   */
  static io.deepprove.sumcheck.EvalClaim onTensor(PaddedShape tensor, Ext2[] point, Ext2 value) {
    if (point.length == tensor.totalVars()) {
      return new io.deepprove.sumcheck.EvalClaim(point, value);
    }
    if (tensor.totalVars() == 0 && point.length == 1) {
      Ext2 oneMinus = Ext2.ONE.sub(point[0]);
      if (oneMinus.isZero()) {
        return null;
      }
      return new io.deepprove.sumcheck.EvalClaim(new Ext2[0], value.mul(oneMinus.inv()));
    }
    throw new IllegalStateException("lookup claim on " + point.length + " variables for a tensor of " + tensor.totalVars());
  }

  /** fill·Σ_{i: source[i] = −1} eq(r, i): the constant part of a relayout's output MLE at r. */
  static Ext2 fillAt(Circuit c, Relayout r, Ext2[] point) {
    if (r.fill() == 0) {
      return Ext2.ZERO;
    }
    PaddedShape os = c.tensor(r.out()).padded();
    long[] eq = Eq.table(point);
    int[] src = r.source();
    long c0 = 0;
    long c1 = 0;
    for (int i = 0; i < src.length; i++) {
      if (src[i] < 0) {
        int at = os.paddedIndex(i);
        c0 = Goldilocks.add(c0, eq[2 * at]);
        c1 = Goldilocks.add(c1, eq[2 * at + 1]);
      }
    }
    return new Ext2(c0, c1).mulBase(Goldilocks.fromSigned(r.fill()));
  }

  /**
   * Σ_k eq(τ, k)·v_k for the three interleaved slice evaluations (X, D, G) of a max-pool chain
   * ({@code sent} holds 3 values per padded slice, then the output): the stacked tensors at (τ, r).
   */
  static Ext2[] combineSlices(Ext2[] sent, Ext2[] tau) {
    long[] eq = Eq.table(tau);
    Ext2[] c = {Ext2.ZERO, Ext2.ZERO, Ext2.ZERO};
    for (int k = 0; k < 1 << tau.length; k++) {
      Ext2 e = new Ext2(eq[2 * k], eq[2 * k + 1]);
      for (int j = 0; j < 3; j++) {
        c[j] = c[j].add(e.mul(sent[3 * k + j]));
      }
    }
    return c;
  }

  /** The point with the bits of k (over {@code bits} variables) in front of r. */
  static Ext2[] prefixed(int k, int bits, Ext2[] r) {
    Ext2[] p = new Ext2[bits + r.length];
    for (int b = 0; b < bits; b++) {
      p[b] = ((k >>> (bits - 1 - b)) & 1) == 1 ? Ext2.ONE : Ext2.ZERO;
    }
    System.arraycopy(r, 0, p, bits, r.length);
    return p;
  }

  /**
   * What a convolution step's weight sum-check starts from: the accumulator point ρ split into the
   * output-channel coordinates ρ_M and the column point (ρ_N, ρ_O), and its claimed sum acc(ρ) − bias(ρ_M).
   */
  record ConvTarget(Ext2[] rM, Ext2[] rC, Ext2 target) {}

  /**
   * The column point (ρ_N, ρ_O) of a convolution accumulator [N, M, O...] at ρ: the accumulator's
   * coordinates without the output channel's, i.e. the (n, o) columns of its im2col selection.
   */
  static Ext2[] convColumns(PaddedShape acc, Ext2[] rho) {
    return concat(acc.slice(rho, 0), range(rho, acc.vars(0) + acc.vars(1), rho.length));
  }

  /**
   * The point of a transposed convolution's selection U[(c, k), (n, o)] for the weight point μ =
   * (μ_C, μ_M', μ_K) and the column point r_C: (μ_C, μ_K, r_C), μ_M' dropped (U has no m' axis).
   */
  static Ext2[] transposedSelectionPoint(PaddedShape weight, Ext2[] mu, Ext2[] rC) {
    int cv = weight.vars(0);
    int mv = weight.vars(1);
    return concat(concat(range(mu, 0, cv), range(mu, cv + mv, mu.length)), rC);
  }

  static Ext2[] concat(Ext2[] a, Ext2[] b) {
    Ext2[] c = new Ext2[a.length + b.length];
    System.arraycopy(a, 0, c, 0, a.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  static Ext2[] range(Ext2[] a, int from, int to) {
    return java.util.Arrays.copyOfRange(a, from, to);
  }

  static long[] field(long[] signed) {
    long[] f = new long[signed.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = Goldilocks.fromSigned(signed[i]);
    }
    return f;
  }
}
