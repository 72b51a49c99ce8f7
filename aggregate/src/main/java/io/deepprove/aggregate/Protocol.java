package io.deepprove.aggregate;

import io.deepprove.aggregate.Circuit.AvgPool;
import io.deepprove.aggregate.Circuit.Linear;
import io.deepprove.aggregate.Circuit.MaxPool;
import io.deepprove.aggregate.Circuit.Reduce;
import io.deepprove.aggregate.Circuit.Relayout;
import io.deepprove.aggregate.Circuit.Requant;
import io.deepprove.aggregate.Circuit.Step;
import io.deepprove.aggregate.Circuit.Unary;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.poly.Eq;
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

  /** A lookup of a committed tensor (and, for two-column tables, its image) into a table. */
  record LookupSpec(Table table, String input, String output, int length) {}

  /** The lookups of a circuit, in step order. */
  static List<LookupSpec> lookups(Circuit c) {
    List<LookupSpec> l = new ArrayList<>();
    for (Step s : c.steps()) {
      if (s instanceof Linear lin) {
        requantLookups(c, lin, l);
      } else if (s instanceof Reduce r) {
        requantLookups(c, r, l);
      } else if (s instanceof AvgPool a) {
        int n = c.tensor(a.out()).padded().paddedSize();
        l.add(new LookupSpec(Tables.clamp(QUOTIENT_BITS, a.lo(), a.hi()), a.q(), a.out(), n));
        l.add(new LookupSpec(Tables.clamp(QUOTIENT_BITS, -1, 1), a.q(), a.sign(), n));
        l.add(new LookupSpec(Tables.range(a.rangeBits()), a.lower(), null, n));
        l.add(new LookupSpec(Tables.range(a.rangeBits()), a.upper(), null, n));
      } else if (s instanceof Unary u) {
        long[] ins = new long[256];
        for (int i = 0; i < 256; i++) {
          ins[i] = i - 128;
        }
        l.add(new LookupSpec(Tables.pairs(ins, u.values()), u.in(), u.out(), c.tensor(u.in()).padded().paddedSize()));
      } else if (s instanceof MaxPool p) {
        int n = c.tensor(p.differences()).padded().paddedSize();
        l.add(new LookupSpec(Tables.clamp(DIFFERENCE_BITS, 0, (1L << (DIFFERENCE_BITS - 1)) - 1), p.differences(),
            p.gains(), n));
      }
    }
    return l;
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
   * Σ_i eq(r, i)·(M(i)·acc(i) − 2^s·q(i) − Σ_k 2^(8k)·limb_k(i)) = −2^(s−1): multilinears
   * [eq, M, acc, q, limb_0, …].
   */
  static ProductShape requantShape(int numVars, Requant rq) {
    ProductShape.Builder b = ProductShape.builder(numVars, 4 + rq.limbs());
    b.term(Ext2.ONE, 0, 1, 2);
    b.term(Ext2.ofBase(Goldilocks.neg(1L << rq.shift())), 0, 3);
    for (int k = 0; k < rq.limbs(); k++) {
      b.term(Ext2.ofBase(Goldilocks.neg(1L << (Requant.LIMB_BITS * k))), 0, 4 + k);
    }
    return b.build();
  }

  static Ext2 requantClaim(Requant rq) {
    return Ext2.ofBase(Goldilocks.neg(rq.offset()));
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
