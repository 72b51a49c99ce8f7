package io.deepprove.lookup;

import static io.deepprove.core.field.Goldilocks.add;
import static io.deepprove.core.field.Goldilocks.sub;

import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.parallel.Parallel;
import io.deepprove.core.poly.Eq;
import io.deepprove.core.transcript.Transcript;
import java.util.Arrays;

/**
 * The LogUp-GKR prover (Papini–Haböck, ePrint 2023/1284, §3 and §4.1): one binary tree of
 * fractions p/q per instance, every instance proved top-down by one batched sum-check per depth.
 *
 * <p>Layer relation (children paired on the LAST, least significant variable, so a depth-d point is
 * the depth-(d−1) sum-check point ρ with the folding challenge μ appended): p'(x) = p(x,0)·q(x,1) +
 * p(x,1)·q(x,0), q'(x) = q(x,0)·q(x,1). The depth-d sum-check proves Σ_x eq(r, x)·Σ_i λ^(2i)·(p0q1
 * + p1q0 + λ·q0q1)(x) = Σ_i λ^(2i)·(P_i(r) + λ·Q_i(r)).
 *
 * <p>Per round the prover uses the eq factorisation (Gruen, ePrint 2024/108 §3): s(X) = eq(r_{&lt;j},
 * ρ_{&lt;j})·eq(r_j, X)·T(X) with T of degree 2 summed against eq of the remaining coordinates only,
 * so it evaluates T at 0 and 2 and gets T(1) from the claim. In round 0, T(0) is read off the
 * parent layer (already in the tree), so only T(2) touches the children. Round j ≥ 1 folds with
 * ρ_{j−1} block by block and evaluates on the block just written (one pass over the arrays per
 * round); the first fold is out of place, as the next depth reads this layer as its parent. Leaves of a lookup that
 * fills its 2^n rows have numerator 1 everywhere, which every fold preserves: that instance's
 * leaf-depth rounds skip p entirely ({@link #unitRoundTerms}).
 *
 * <p>Extension products are Karatsuba (3 base multiplications and a multiplication by 7) on
 * interleaved {@code long[]}; loops are split into chunks run by {@link Parallel}, partial sums
 * combined in chunk order, so the proof is the same for every thread count.
 */
final class LogUpProver {

  private final LookupWitness witness;
  private final LookupStatement st;
  private final Parallel par;
  private long a0, a1, b0, b1; // α, β

  // tree[k][d] for depth d = 1..n_k, interleaved extension values
  private long[][][] treeP;
  private long[][][] treeQ;
  // per instance, (p(ρ,0), p(ρ,1)) and (q(ρ,0), q(ρ,1)) after the current depth's sum-check
  private long[][] childP;
  private long[][] childQ;

  /** Test seam: rewrites an instance's leaves (interleaved p, q) before the tree is built. */
  interface LeafHook {
    void tamper(int instance, long[] p, long[] q, Ext2 alpha, Ext2 beta);
  }

  private final LeafHook hook;

  /** Below this many items per chunk, threads cost more than they save. */
  static final int GRAIN = 1 << 11;

  /** Pairs per block of the fused fold-and-evaluate pass (a few dozen KiB of each array). */
  private static final int FUSED_BLOCK = 256;

  LogUpProver(LookupWitness witness, int threads) {
    this(witness, threads, null);
  }

  LogUpProver(LookupWitness witness, int threads, LeafHook hook) {
    this.witness = witness;
    this.st = witness.statement();
    this.par = Parallel.of(threads);
    this.hook = hook;
  }

  LogUpProof prove(Transcript t) {
    st.absorb(t);
    Ext2 beta = t.challengeExt("logup/beta");
    Ext2 alpha = t.challengeExt("logup/alpha");
    a0 = alpha.c0();
    a1 = alpha.c1();
    b0 = beta.c0();
    b1 = beta.c1();

    int count = st.instanceCount();
    treeP = new long[count][][];
    treeQ = new long[count][][];
    childP = new long[count][];
    childQ = new long[count][];
    for (int k = 0; k < count; k++) {
      int n = st.instanceVars(k);
      treeP[k] = new long[n + 1][];
      treeQ[k] = new long[n + 1][];
      buildLeaves(k, n);
      if (hook != null) {
        hook.tamper(k, treeP[k][n], treeQ[k][n], alpha, beta);
      }
      for (int d = n; d > 1; d--) {
        // leaf numerators are base-field values unless a test hook rewrote them
        buildParent(k, d, d == n && hook == null);
      }
    }

    int maxVars = st.maxVars();
    Ext2[][][] layers = new Ext2[maxVars][][];
    Ext2[][][] rounds = new Ext2[Math.max(0, maxVars - 1)][][];
    Ext2[] claimP = new Ext2[count];
    Ext2[] claimQ = new Ext2[count];
    Ext2[][] leafPoint = new Ext2[count][];
    Ext2[] point = new Ext2[0];

    for (int d = 1; d <= maxVars; d++) {
      int[] active = st.activeAt(d);
      Ext2[] rho;
      if (d == 1) {
        rho = new Ext2[0];
      } else {
        Ext2 lambda = t.challengeExt("logup/lambda");
        rounds[d - 2] = new Ext2[d - 1][];
        rho = sumcheck(d, active, point, lambda, claimP, claimQ, rounds[d - 2], t);
      }
      layers[d - 1] = new Ext2[active.length][];
      for (int i = 0; i < active.length; i++) {
        long[] p = d == 1 ? treeP[active[i]][1] : childP[active[i]];
        long[] q = d == 1 ? treeQ[active[i]][1] : childQ[active[i]];
        layers[d - 1][i] =
            new Ext2[] {
              new Ext2(p[0], p[1]), new Ext2(p[2], p[3]), new Ext2(q[0], q[1]), new Ext2(q[2], q[3])
            };
        t.absorbExt("logup/children", layers[d - 1][i]);
      }
      Ext2 mu = t.challengeExt("logup/mu");
      point = Arrays.copyOf(rho, d);
      point[d - 1] = mu;
      for (int i = 0; i < active.length; i++) {
        int k = active[i];
        Ext2[] v = layers[d - 1][i];
        claimP[k] = v[0].add(mu.mul(v[1].sub(v[0])));
        claimQ[k] = v[2].add(mu.mul(v[3].sub(v[2])));
        if (st.instanceVars(k) == d) {
          leafPoint[k] = point.clone();
          treeP[k][d] = null; // no deeper sum-check reads this instance's leaves
          treeQ[k][d] = null;
        }
      }
    }

    // Leaf column evaluations: derived from the leaf claims where the relation allows it.
    int lookups = st.lookups().size();
    Ext2[][] lookupEvals = new Ext2[lookups][];
    for (int k = 0; k < lookups; k++) {
      LookupStatement.Lookup l = st.lookups().get(k);
      Ext2 s = StructuredMle.prefixIndicator(l.length(), leafPoint[k]);
      // q̃ = α·s + (1 − s) − w̃ − β·ṽ
      Ext2 rest = alpha.mul(s).add(Ext2.ONE).sub(s).sub(claimQ[k]);
      if (st.tables().get(l.table()).hasOutput()) {
        Ext2 v = Mle.evaluate(witness.column(ColumnRef.output(k)), leafPoint[k], par);
        lookupEvals[k] = new Ext2[] {rest.sub(beta.mul(v)), v};
      } else {
        lookupEvals[k] = new Ext2[] {rest};
      }
      t.absorbExt("logup/lookup-evals", lookupEvals[k]);
    }
    Ext2[] mEvals = new Ext2[st.tables().size()];
    for (int tb = 0; tb < mEvals.length; tb++) {
      mEvals[tb] = claimP[lookups + tb].neg();
    }
    t.absorbExt("logup/multiplicity-evals", mEvals);
    return new LogUpProof(layers, rounds, lookupEvals, mEvals);
  }

  private void buildLeaves(int k, int n) {
    int size = 1 << n;
    // all-ones numerators are never read (see unitLeaves) except as the output layer itself
    long[] p = unitLeaves(k) && n > 1 ? null : new long[2 * size];
    long[] q = new long[2 * size];
    int lookups = st.lookups().size();
    if (k < lookups) {
      long[] in = witness.inputsOf(k);
      long[] out = witness.outputsOf(k);
      int len = in.length;
      par.forChunks(size, GRAIN, (c, from, to) -> {
        for (int i = from; i < to; i++) {
          if (i < len) {
            long w = Goldilocks.fromSigned(in[i]);
            long x0 = Goldilocks.sub(a0, w);
            long x1 = a1;
            if (out != null) {
              long v = Goldilocks.fromSigned(out[i]);
              x0 = Goldilocks.sub(x0, Goldilocks.mul(b0, v));
              x1 = Goldilocks.sub(x1, Goldilocks.mul(b1, v));
            }
            if (p != null) {
              p[2 * i] = 1;
            }
            q[2 * i] = x0;
            q[2 * i + 1] = x1;
          } else {
            q[2 * i] = 1; // padding: 0/1
          }
        }
      });
    } else {
      int tb = k - lookups;
      Table table = st.tables().get(tb);
      long[] m = witness.multiplicitiesOf(tb);
      boolean hasOut = table.hasOutput();
      par.forChunks(size, GRAIN, (c, from, to) -> {
        for (int j = from; j < to; j++) {
          long w = Goldilocks.fromSigned(table.inputAt(j));
          long x0 = Goldilocks.sub(a0, w);
          long x1 = a1;
          if (hasOut) {
            long v = Goldilocks.fromSigned(table.outputAt(j));
            x0 = Goldilocks.sub(x0, Goldilocks.mul(b0, v));
            x1 = Goldilocks.sub(x1, Goldilocks.mul(b1, v));
          }
          p[2 * j] = Goldilocks.neg(Goldilocks.fromSigned(m[j]));
          q[2 * j] = x0;
          q[2 * j + 1] = x1;
        }
      });
    }
    treeP[k][n] = p;
    treeQ[k][n] = q;
  }

  /**
   * Layer d−1 from layer d: p' = p0·q1 + p1·q0, q' = q0·q1 over sibling pairs (2i, 2i+1). At the
   * leaves every numerator is a base-field element (a 0/1 row indicator or −m_j), so p0·q1 there
   * is a base-by-extension product (two multiplications instead of three).
   */
  private void buildParent(int k, int d, boolean baseNumerators) {
    boolean unitNumerators = baseNumerators && unitLeaves(k);
    long[] p = treeP[k][d];
    long[] q = treeQ[k][d];
    int size = 1 << (d - 1);
    long[] pp = new long[2 * size];
    long[] qq = new long[2 * size];
    par.forChunks(size, GRAIN, (c, from, to) -> {
      for (int i = from; i < to; i++) {
        int o = 4 * i;
        long q00 = q[o], q01 = q[o + 1], q10 = q[o + 2], q11 = q[o + 3];
        if (unitNumerators) {
          pp[2 * i] = add(q10, q00);
          pp[2 * i + 1] = add(q11, q01);
        } else if (baseNumerators) {
          long pa = p[o], pb = p[o + 2];
          pp[2 * i] = add(mul(pa, q10), mul(pb, q00));
          pp[2 * i + 1] = add(mul(pa, q11), mul(pb, q01));
        } else {
          long p00 = p[o], p01 = p[o + 1], p10 = p[o + 2], p11 = p[o + 3];
          // p0·q1 + p1·q0, each product by Karatsuba (3 multiplications)
          long v0 = mul(p00, q10), v1 = mul(p01, q11);
          long s = mul(add(p00, p01), add(q10, q11));
          long w0 = mul(p10, q00), w1 = mul(p11, q01);
          long t = mul(add(p10, p11), add(q00, q01));
          pp[2 * i] = add(add(v0, mulW(v1)), add(w0, mulW(w1)));
          pp[2 * i + 1] = sub(sub(add(s, t), add(v0, w0)), add(v1, w1));
        }
        long u0 = mul(q00, q10), u1 = mul(q01, q11);
        long us = mul(add(q00, q01), add(q10, q11));
        qq[2 * i] = add(u0, mulW(u1));
        qq[2 * i + 1] = sub(sub(us, u0), u1);
      }
    });
    treeP[k][d - 1] = pp;
    treeQ[k][d - 1] = qq;
  }

  /** Whether every leaf numerator of instance k is 1: a lookup of exactly 2^n rows, untampered. */
  private boolean unitLeaves(int k) {
    return hook == null
        && k < st.lookups().size()
        && st.lookups().get(k).length() == 1 << st.instanceVars(k);
  }

  private static long mul(long a, long b) {
    return Goldilocks.mul(a, b);
  }

  /** 7·x, the extension's non-residue times x. */
  private static long mulW(long x) {
    return Goldilocks.mulSmall(x, Ext2.W);
  }

  /**
   * The depth-d sum-check over m = d − 1 variables against the claims at {@code r}; folds the
   * depth-d arrays of the active instances down to their two children at ρ, and returns ρ.
   *
   * <p>Round 0 needs T(0) = Σ_x' eq(r_{≥2}, x')·(p'(0, x') + λ·q'(0, x')) where p', q' is the
   * parent layer d−1: those are stored values (the tree), so round 0 computes only T(2) from layer
   * d. Layer d itself is folded out of place in round 0 so that the depth-(d+1) sum-check can read
   * it the same way; it is dropped by the caller afterwards.
   */
  private Ext2[] sumcheck(
      int d, int[] active, Ext2[] r, Ext2 lambda, Ext2[] claimP, Ext2[] claimQ, Ext2[][] out,
      Transcript t) {
    int m = d - 1;
    int na = active.length;
    Ext2[] coef = new Ext2[na];
    Ext2 lambda2 = lambda.square();
    Ext2 c = Ext2.ONE;
    Ext2 u = Ext2.ZERO; // the claim divided by eq(r_<j, ρ_<j)
    for (int i = 0; i < na; i++) {
      coef[i] = c;
      u = u.add(c.mul(claimP[active[i]].add(lambda.mul(claimQ[active[i]]))));
      c = c.mul(lambda2);
    }
    long[][] ps = new long[na][];
    long[][] qs = new long[na][];
    long[][] parentP = new long[na][];
    long[][] parentQ = new long[na][];
    for (int i = 0; i < na; i++) {
      ps[i] = treeP[active[i]][d];
      qs[i] = treeQ[active[i]][d];
      parentP[i] = treeP[active[i]][d - 1];
      parentQ[i] = treeQ[active[i]][d - 1];
    }
    // Leaves of a lookup that fills its 2^n rows all have numerator 1, and so has every fold of
    // them: there F = q0 + q1 + λ·q0·q1, and p is neither read nor folded.
    boolean[] unit = new boolean[na];
    for (int i = 0; i < na; i++) {
      unit[i] = d == st.instanceVars(active[i]) && unitLeaves(active[i]);
    }
    long[] eq = eqTable(Arrays.copyOfRange(r, 1, m));
    Ext2 prefix = Ext2.ONE;
    Ext2[] rho = new Ext2[m];
    long l0 = lambda.c0();
    long l1 = lambda.c1();
    // Round j ≥ 1 folds the arrays with ρ_{j−1} block by block and evaluates its terms on the
    // block it just wrote, while it is in cache (one pass per round instead of two). Round 1 folds
    // out of place: layer d must stay whole as the next depth's parent layer.
    Ext2 pending = null;
    for (int j = 0; j < m; j++) {
      int hp = 1 << (m - j - 1); // pairs in each half
      int chunks = par.chunks(hp, GRAIN);
      long[] partial = new long[chunks * na * 4];
      long[] eqf = eq;
      boolean first = j == 0;
      Ext2 fold = pending;
      int len = 4 * hp; // ext elements after this round's fold of the previous round
      long[][] srcP = ps.clone();
      long[][] srcQ = qs.clone();
      if (fold != null) {
        for (int i = 0; i < na; i++) {
          if (!unit[i]) {
            ps[i] = j == 1 ? new long[2 * len] : ps[i];
          }
          qs[i] = j == 1 ? new long[2 * len] : qs[i];
        }
      }
      long[][] dstP = ps.clone();
      long[][] dstQ = qs.clone();
      par.forChunks(hp, GRAIN, (ch, from, to) -> {
        for (int i = 0; i < na; i++) {
          int o = (ch * na + i) * 4;
          if (first) {
            parentTerms(parentP[i], parentQ[i], eqf, from, to, l0, l1, partial, o);
          }
          for (int b = from; b < to; b += FUSED_BLOCK) {
            int e = Math.min(to, b + FUSED_BLOCK);
            if (fold != null) {
              // the pairs b..e of both halves: ext elements [2b, 2e) and [2(b + hp), 2(e + hp))
              if (!unit[i]) {
                foldRange(srcP[i], dstP[i], fold, len, 2 * b, 2 * e);
                foldRange(srcP[i], dstP[i], fold, len, 2 * (b + hp), 2 * (e + hp));
              }
              foldRange(srcQ[i], dstQ[i], fold, len, 2 * b, 2 * e);
              foldRange(srcQ[i], dstQ[i], fold, len, 2 * (b + hp), 2 * (e + hp));
            }
            if (unit[i]) {
              unitRoundTerms(dstQ[i], eqf, b, e, 4 * hp, l0, l1, !first, partial, o);
            } else {
              roundTerms(dstP[i], dstQ[i], eqf, b, e, 4 * hp, l0, l1, !first, partial, o);
            }
          }
        }
      });
      Ext2 t0 = Ext2.ZERO;
      Ext2 t2 = Ext2.ZERO;
      for (int ch = 0; ch < chunks; ch++) {
        for (int i = 0; i < na; i++) {
          int o = (ch * na + i) * 4;
          t0 = t0.add(coef[i].mul(new Ext2(partial[o], partial[o + 1])));
          t2 = t2.add(coef[i].mul(new Ext2(partial[o + 2], partial[o + 3])));
        }
      }
      Ext2 rj = r[j];
      if (rj.isZero()) {
        throw new IllegalStateException("zero challenge coordinate (probability 2^-128)");
      }
      Ext2 t1 = u.sub(Ext2.ONE.sub(rj).mul(t0)).mul(rj.inv());
      Ext2 three = Ext2.ofBase(3);
      Ext2 t3 = t0.sub(three.mul(t1)).add(three.mul(t2));
      Ext2[] tv = {t0, t1, t2, t3};
      Ext2[] s = new Ext2[4];
      for (int x = 0; x < 4; x++) {
        s[x] = prefix.mul(eq1(rj, Ext2.ofBase(x))).mul(tv[x]);
      }
      out[j] = s;
      t.absorbExt("logup/round", s);
      Ext2 rhoJ = t.challengeExt("logup/rho");
      rho[j] = rhoJ;
      u = Interpolation.quadratic(t0, t1, t2, rhoJ);
      prefix = prefix.mul(eq1(rj, rhoJ));
      pending = rhoJ;
      if (j < m - 1) {
        int h = hp >>> 1;
        long[] next = new long[2 * h];
        long[] cur = eq;
        // eq over one coordinate fewer: Σ_b eq(r_k, b) = 1 sums the leading coordinate out
        par.forChunks(2 * h, GRAIN, (ch, from, to) -> {
          for (int x = from; x < to; x++) {
            next[x] = add(cur[x], cur[x + 2 * h]);
          }
        });
        eq = next;
      }
    }
    for (int i = 0; i < na; i++) {
      // the last fold (4 → 2 ext elements) gives the children at ρ; it never writes into layer d,
      // which stays whole for the next depth's round 0
      long[] cq = new long[4];
      foldRange(qs[i], cq, pending, 2, 0, 2);
      childQ[active[i]] = cq;
      if (unit[i]) {
        childP[active[i]] = new long[] {1, 0, 1, 0};
      } else {
        long[] cp = new long[4];
        foldRange(ps[i], cp, pending, 2, 0, 2);
        childP[active[i]] = cp;
      }
      treeP[active[i]][d - 1] = null;
      treeQ[active[i]][d - 1] = null;
    }
    return rho;
  }

  /**
   * {@link Eq#table} with its last (largest) doubling step on the prover's threads: entry j of the
   * table over r without its last coordinate becomes entries 2j (bit 0) and 2j + 1 (bit 1).
   */
  private long[] eqTable(Ext2[] r) {
    int n = r.length;
    if (n < 12 || par.threads() == 1) {
      return Eq.table(r);
    }
    long[] half = Eq.table(Arrays.copyOf(r, n - 1));
    long[] t = new long[2 << n];
    long r0 = r[n - 1].c0();
    long r1 = r[n - 1].c1();
    long rs = add(r0, r1);
    par.forChunks(1 << (n - 1), GRAIN, (ch, from, to) -> {
      for (int j = from; j < to; j++) {
        long a0 = half[2 * j];
        long a1 = half[2 * j + 1];
        long v0 = mul(a0, r0);
        long v1 = mul(a1, r1);
        long s = mul(add(a0, a1), rs);
        long h0 = add(v0, mulW(v1));
        long h1 = sub(sub(s, v0), v1);
        t[4 * j + 2] = h0;
        t[4 * j + 3] = h1;
        t[4 * j] = sub(a0, h0);
        t[4 * j + 1] = sub(a1, h1);
      }
    });
    return t;
  }

  /** eq(r, x) for one coordinate: (1 − r)(1 − x) + r·x. */
  static Ext2 eq1(Ext2 r, Ext2 x) {
    Ext2 rx = r.mul(x);
    return Ext2.ONE.sub(r).sub(x).add(rx).add(rx);
  }

  /**
   * dst[i] ← src[i] + ρ·(src[i + len] − src[i]) for ext indices i in [from, to); dst may be src
   * (in place: chunks write disjoint low indices and only read the untouched high half).
   */
  private static void foldRange(long[] src, long[] dst, Ext2 rho, int len, int from, int to) {
    long r0 = rho.c0();
    long r1 = rho.c1();
    long rs = add(r0, r1);
    int off = 2 * len;
    for (int i = from; i < to; i++) {
      long lo0 = src[2 * i];
      long lo1 = src[2 * i + 1];
      long d0 = sub(src[2 * i + off], lo0);
      long d1 = sub(src[2 * i + off + 1], lo1);
      long v0 = mul(r0, d0);
      long v1 = mul(r1, d1);
      long s = mul(rs, add(d0, d1));
      dst[2 * i] = add(lo0, add(v0, mulW(v1)));
      dst[2 * i + 1] = add(lo1, sub(sub(s, v0), v1));
    }
  }

  /**
   * Adds Σ eq[i]·(p'[i] + λ·q'[i]) over i in [from, to) to acc[o], acc[o + 1]: T(0) of round 0,
   * read off the parent layer (its low half).
   */
  private static void parentTerms(
      long[] pp, long[] qq, long[] eq, int from, int to, long l0, long l1, long[] acc, int o) {
    long s0 = 0, s1 = 0;
    long ls = add(l0, l1);
    for (int i = from; i < to; i++) {
      long a0 = qq[2 * i], a1 = qq[2 * i + 1];
      long v0 = mul(l0, a0), v1 = mul(l1, a1);
      long s = mul(ls, add(a0, a1));
      long f0 = add(pp[2 * i], add(v0, mulW(v1)));
      long f1 = add(pp[2 * i + 1], sub(sub(s, v0), v1));
      long e0 = eq[2 * i], e1 = eq[2 * i + 1];
      long w0 = mul(e0, f0), w1 = mul(e1, f1);
      long ws = mul(add(e0, e1), add(f0, f1));
      s0 = add(s0, add(w0, mulW(w1)));
      s1 = add(s1, sub(sub(ws, w0), w1));
    }
    acc[o] = add(acc[o], s0);
    acc[o + 1] = add(acc[o + 1], s1);
  }

  /**
   * Σ eq[i]·F(X) over pairs i in [from, to), F = p0q1 + q0·(p1 + λq1) on the children of pair i
   * (low half) and of pair i + hp (high half, {@code off} longs further), at X = 2 (linear
   * extrapolation) added to acc[o + 2..3] and, when {@code withZero}, at X = 0 added to
   * acc[o..o + 1].
   */
  private static void roundTerms(
      long[] p, long[] q, long[] eq, int from, int to, int off, long l0, long l1, boolean withZero,
      long[] acc, int o) {
    long s00 = 0, s01 = 0, s20 = 0, s21 = 0;
    long ls = add(l0, l1);
    for (int i = from; i < to; i++) {
      int lo = 4 * i;
      int hi = lo + off;
      long e0 = eq[2 * i];
      long e1 = eq[2 * i + 1];
      long es = add(e0, e1);
      long p00 = p[lo], p01 = p[lo + 1], p10 = p[lo + 2], p11 = p[lo + 3];
      long q00 = q[lo], q01 = q[lo + 1], q10 = q[lo + 2], q11 = q[lo + 3];
      if (withZero) {
        long f0, f1;
        {
          // λ·q1
          long v0 = mul(l0, q10), v1 = mul(l1, q11), s = mul(ls, add(q10, q11));
          long a0 = add(p10, add(v0, mulW(v1)));
          long a1 = add(p11, sub(sub(s, v0), v1));
          // q0·(p1 + λq1) + p0·q1
          long x0 = mul(q00, a0), x1 = mul(q01, a1), xs = mul(add(q00, q01), add(a0, a1));
          long y0 = mul(p00, q10), y1 = mul(p01, q11), ys = mul(add(p00, p01), add(q10, q11));
          f0 = add(add(x0, mulW(x1)), add(y0, mulW(y1)));
          f1 = sub(sub(add(xs, ys), add(x0, y0)), add(x1, y1));
        }
        long w0 = mul(e0, f0), w1 = mul(e1, f1), ws = mul(es, add(f0, f1));
        s00 = add(s00, add(w0, mulW(w1)));
        s01 = add(s01, sub(sub(ws, w0), w1));
      }
      // X = 2: v(2) = 2·v(1) − v(0)
      p00 = two(p[hi], p00);
      p01 = two(p[hi + 1], p01);
      p10 = two(p[hi + 2], p10);
      p11 = two(p[hi + 3], p11);
      q00 = two(q[hi], q00);
      q01 = two(q[hi + 1], q01);
      q10 = two(q[hi + 2], q10);
      q11 = two(q[hi + 3], q11);
      long f0, f1;
      {
        long v0 = mul(l0, q10), v1 = mul(l1, q11), s = mul(ls, add(q10, q11));
        long a0 = add(p10, add(v0, mulW(v1)));
        long a1 = add(p11, sub(sub(s, v0), v1));
        long x0 = mul(q00, a0), x1 = mul(q01, a1), xs = mul(add(q00, q01), add(a0, a1));
        long y0 = mul(p00, q10), y1 = mul(p01, q11), ys = mul(add(p00, p01), add(q10, q11));
        f0 = add(add(x0, mulW(x1)), add(y0, mulW(y1)));
        f1 = sub(sub(add(xs, ys), add(x0, y0)), add(x1, y1));
      }
      long w0 = mul(e0, f0), w1 = mul(e1, f1), ws = mul(es, add(f0, f1));
      s20 = add(s20, add(w0, mulW(w1)));
      s21 = add(s21, sub(sub(ws, w0), w1));
    }
    if (withZero) {
      acc[o] = add(acc[o], s00);
      acc[o + 1] = add(acc[o + 1], s01);
    }
    acc[o + 2] = add(acc[o + 2], s20);
    acc[o + 3] = add(acc[o + 3], s21);
  }

  /**
   * {@link #roundTerms} for numerators identically 1: F = q0 + q1 + λ·q0·q1.
   */
  private static void unitRoundTerms(
      long[] q, long[] eq, int from, int to, int off, long l0, long l1, boolean withZero,
      long[] acc, int o) {
    long s00 = 0, s01 = 0, s20 = 0, s21 = 0;
    long ls = add(l0, l1);
    for (int i = from; i < to; i++) {
      int lo = 4 * i;
      int hi = lo + off;
      long e0 = eq[2 * i];
      long e1 = eq[2 * i + 1];
      long es = add(e0, e1);
      long q00 = q[lo], q01 = q[lo + 1], q10 = q[lo + 2], q11 = q[lo + 3];
      if (withZero) {
        long u0 = mul(q00, q10), u1 = mul(q01, q11), us = mul(add(q00, q01), add(q10, q11));
        long a0 = add(u0, mulW(u1));
        long a1 = sub(sub(us, u0), u1);
        long v0 = mul(l0, a0), v1 = mul(l1, a1), vs = mul(ls, add(a0, a1));
        long f0 = add(add(q00, q10), add(v0, mulW(v1)));
        long f1 = add(add(q01, q11), sub(sub(vs, v0), v1));
        long w0 = mul(e0, f0), w1 = mul(e1, f1), ws = mul(es, add(f0, f1));
        s00 = add(s00, add(w0, mulW(w1)));
        s01 = add(s01, sub(sub(ws, w0), w1));
      }
      q00 = two(q[hi], q00);
      q01 = two(q[hi + 1], q01);
      q10 = two(q[hi + 2], q10);
      q11 = two(q[hi + 3], q11);
      long u0 = mul(q00, q10), u1 = mul(q01, q11), us = mul(add(q00, q01), add(q10, q11));
      long a0 = add(u0, mulW(u1));
      long a1 = sub(sub(us, u0), u1);
      long v0 = mul(l0, a0), v1 = mul(l1, a1), vs = mul(ls, add(a0, a1));
      long f0 = add(add(q00, q10), add(v0, mulW(v1)));
      long f1 = add(add(q01, q11), sub(sub(vs, v0), v1));
      long w0 = mul(e0, f0), w1 = mul(e1, f1), ws = mul(es, add(f0, f1));
      s20 = add(s20, add(w0, mulW(w1)));
      s21 = add(s21, sub(sub(ws, w0), w1));
    }
    if (withZero) {
      acc[o] = add(acc[o], s00);
      acc[o + 1] = add(acc[o + 1], s01);
    }
    acc[o + 2] = add(acc[o + 2], s20);
    acc[o + 3] = add(acc[o + 3], s21);
  }

  private static long two(long one, long zero) {
    return sub(add(one, one), zero);
  }
}
