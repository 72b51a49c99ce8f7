package io.deepprove.aggregate;

import io.deepprove.aggregate.Circuit.AvgPool;
import io.deepprove.aggregate.Circuit.Linear;
import io.deepprove.aggregate.Circuit.MaxPool;
import io.deepprove.aggregate.Circuit.Reduce;
import io.deepprove.aggregate.Circuit.Relayout;
import io.deepprove.aggregate.Circuit.Requant;
import io.deepprove.aggregate.Circuit.Requantized;
import io.deepprove.aggregate.Circuit.Step;
import io.deepprove.aggregate.Circuit.Unary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every tensor of one run of a {@link Circuit}, in padded layouts, as signed integers: the
 * circuit's own integer semantics evaluated on the padded shapes (the prover proves exactly this;
 * on real entries it equals the quantizer's integer engine). Linear steps also keep their
 * accumulator, which is never committed.
 */
public final class Witness {

  private final Map<String, long[]> values = new HashMap<>();
  private final Map<String, long[]> accumulators = new HashMap<>();
  private final Map<String, long[]> fieldValues = new HashMap<>();

  private Witness() {}

  /** Padded signed values of a tensor (the array itself: do not modify). */
  public long[] values(String tensor) {
    long[] v = values.get(tensor);
    if (v == null) {
      throw new IllegalArgumentException("no values for tensor '" + tensor + "'");
    }
    return v;
  }

  /**
   * The tensor's padded values as canonical field elements, converted once per witness (the prover
   * reads most tensors several times). Call it only after the witness is final.
   */
  long[] field(String tensor) {
    return fieldValues.computeIfAbsent(tensor, t -> Protocol.field(values(t)));
  }

  /** The padded accumulator of a linear step. */
  long[] accumulator(String step) {
    return accumulators.get(step);
  }

  /**
   * Runs the circuit on real public inputs (signed integers, row-major, the circuit's inputs one
   * after the other) and real weights.
   */
  public static Witness compute(Circuit c, long[] input, Map<String, long[]> weights) {
    return compute(c, input, weights, null);
  }

  /**
   * As {@link #compute(Circuit, long[], Map)}, taking the weights already in their padded layouts
   * from {@code paddedWeights} where it has them (a prover pads its weights once, not per proof);
   * those arrays are used as they are and must not be changed.
   */
  static Witness compute(Circuit c, long[] input, Map<String, long[]> weights, Map<String, long[]> paddedWeights) {
    Witness w = new Witness();
    if (input.length != c.realSize(c.inputs())) {
      throw new IllegalArgumentException("the inputs hold " + input.length + " values, the circuit's "
          + c.realSize(c.inputs()));
    }
    int at = 0;
    for (String name : c.inputs()) {
      PaddedShape ps = c.tensor(name).padded();
      w.values.put(name, padSigned(ps, java.util.Arrays.copyOfRange(input, at, at + (int) ps.realSize())));
      at += (int) ps.realSize();
    }
    for (Circuit.Tensor t : c.tensors(Circuit.Kind.WEIGHT)) {
      long[] v = weights.get(t.name());
      if (v == null) {
        throw new IllegalArgumentException("missing weight tensor '" + t.name() + "'");
      }
      long[] padded = paddedWeights == null ? null : paddedWeights.get(t.name());
      w.values.put(t.name(), padded != null ? padded : padSigned(t.padded(), v));
    }
    for (Step s : c.steps()) {
      w.run(c, s);
    }
    return w;
  }

  /**
   * Test seam for the soundness tests' cheating provers: reruns the steps from index {@code from}
   * on, on the values this witness holds, so that a tensor a test edited is carried through every
   * step that reads it. An honest witness never needs it.
   */
  void rerun(Circuit c, int from) {
    fieldValues.clear();
    List<Step> steps = c.steps();
    for (int i = from; i < steps.size(); i++) {
      run(c, steps.get(i));
    }
  }

  private void run(Circuit c, Step s) {
    if (s instanceof Linear l) {
      linear(c, l);
    } else if (s instanceof Unary u) {
      unary(c, u);
    } else if (s instanceof MaxPool p) {
      maxPool(c, p);
    } else if (s instanceof Relayout r) {
      relayout(c, r);
    } else if (s instanceof Circuit.Softmax sm) {
      softmax(c, sm, SOFTMAX_MAX);
    } else if (s instanceof AvgPool a) {
      avgPool(c, a);
    } else if (s instanceof Reduce r) {
      reduce(c, r);
    } else if (s instanceof Circuit.GroupedConv g) {
      groupedConv(c, g);
    } else if (s instanceof Circuit.ConvTranspose ct) {
      convTranspose(c, ct);
    } else if (s instanceof Circuit.Elementwise e) {
      elementwise(c, e);
    } else if (s instanceof Circuit.MatMul mm) {
      matMul(c, mm);
    } else if (s instanceof Circuit.MaxMin mm) {
      maxMin(c, mm);
    }
  }

  /** Real signed values in the padded layout (zeros in the padding). */
  static long[] padSigned(PaddedShape shape, long[] real) {
    return shape.padSigned(real);
  }

  private void linear(Circuit c, Linear l) {
    long[] acc = l.conv() ? convAccumulator(c, l) : denseAccumulator(c, l);
    accumulators.put(l.name(), acc);
    requantize(c, l, acc);
  }

  private void groupedConv(Circuit c, Circuit.GroupedConv l) {
    long[] acc = Im2col.groupedAccumulator(c, l, values(l.x()), values(l.weight()),
        l.bias() == null ? null : values(l.bias()));
    accumulators.put(l.name(), acc);
    requantize(c, l, acc);
  }

  private void convTranspose(Circuit c, Circuit.ConvTranspose l) {
    requantize(c, l, Im2col.transposedAccumulator(c, l, values(l.x()), values(l.weight()),
        l.bias() == null ? null : values(l.bias())));
  }

  private void reduce(Circuit c, Reduce r) {
    long[] acc = Im2col.reduceMap(c, r).applyIntegers(values(r.in()));
    accumulators.put(r.name(), acc);
    requantize(c, r, acc);
  }

  /** Keeps the step's accumulator and computes out, q and the remainder limbs from it. */
  private void requantize(Circuit c, Circuit.Requantized l, long[] acc) {
    accumulators.put(l.name(), acc);
    PaddedShape accShape = c.tensor(l.out()).padded();
    Requant rq = l.requant();
    int realChannels = rq.channelDim() < 0 ? 1 : c.tensor(l.out()).shape()[rq.channelDim()];
    requantize(rq, acc, Protocol.multiplierTable(accShape, rq, realChannels), l.out(), l.q(), l::limb);
  }

  /**
   * t = acc·M(i) + 2^(s−1) = q·2^s + rem, out = clamp(q, lo, hi): stores out, q and rem's limbs.
   * {@code multipliers} holds M per position, or is null for the requantization's one multiplier.
   */
  private void requantize(Requant rq, long[] acc, long[] multipliers, String out, String q,
      java.util.function.IntFunction<String> limb) {
    long[] qs = new long[acc.length];
    long[] outs = new long[acc.length];
    long[] rem = new long[acc.length];
    int s = rq.shift();
    for (int i = 0; i < acc.length; i++) {
      long m = multipliers == null ? rq.multiplier(0) : multipliers[i];
      long t = Math.addExact(Math.multiplyExact(acc[i], m), rq.offset());
      long qi = t >> s;
      rem[i] = t - (qi << s);
      qs[i] = qi;
      outs[i] = Math.max(rq.lo(), Math.min(rq.hi(), qi));
    }
    values.put(out, outs);
    values.put(q, qs);
    putLimbs(rem, rq.limbs(), limb);
  }

  /** acc[r, j] = Σ_p x[r, p]·W[p, j] + bias[j] on padded layouts (x as [rows, k]). */
  private long[] denseAccumulator(Circuit c, Linear l) {
    long[] x = values(l.x());
    long[] wt = values(l.weight());
    PaddedShape ws = c.tensor(l.weight()).padded();
    int k = ws.padded()[0];
    int n = ws.padded()[1];
    int rows = x.length / k;
    long[] bias = l.bias() == null ? null : values(l.bias());
    long[] acc = new long[rows * n];
    for (int r = 0; r < rows; r++) {
      int ar = r * n;
      if (bias != null) {
        System.arraycopy(bias, 0, acc, ar, n);
      }
      for (int p = 0; p < k; p++) {
        long xv = x[r * k + p];
        if (xv == 0) {
          continue;
        }
        int wr = p * n;
        for (int j = 0; j < n; j++) {
          acc[ar + j] += xv * wt[wr + j];
        }
      }
    }
    return acc;
  }

  /** acc[n, m, o] = Σ_{c, k} W[m, c, k]·x[n, c, o·s + k·d − p] + bias[m], on padded layouts. */
  private long[] convAccumulator(Circuit c, Linear l) {
    long[] u = Im2col.apply(c, l, values(l.x()));
    long[] wt = values(l.weight());
    PaddedShape accShape = c.tensor(l.out()).padded();
    int[] ap = accShape.padded();
    int batch = ap[0];
    int m = ap[1];
    int positions = accShape.paddedSize() / (batch * m);
    int ck = wt.length / m;
    int cols = batch * positions;
    long[] bias = l.bias() == null ? null : values(l.bias());
    long[] acc = new long[accShape.paddedSize()];
    long[] row = new long[cols];
    for (int mm = 0; mm < m; mm++) {
      java.util.Arrays.fill(row, bias == null ? 0 : bias[mm]);
      for (int p = 0; p < ck; p++) {
        long wv = wt[mm * ck + p];
        if (wv == 0) {
          continue;
        }
        int ur = p * cols;
        for (int j = 0; j < cols; j++) {
          row[j] += wv * u[ur + j];
        }
      }
      for (int b = 0; b < batch; b++) {
        System.arraycopy(row, b * positions, acc, (b * m + mm) * positions, positions);
      }
    }
    return acc;
  }

  private void unary(Circuit c, Unary u) {
    long[] in = values(u.in());
    long[] table = u.values();
    long[] out = new long[in.length];
    for (int i = 0; i < in.length; i++) {
      if (in[i] < -128 || in[i] > 127) {
        throw new IllegalStateException("step '" + u.name() + "': input " + in[i] + " outside int8");
      }
      out[i] = table[(int) in[i] + 128];
    }
    values.put(u.out(), out);
  }

  private void maxPool(Circuit c, MaxPool p) {
    values.put(p.windows(), Im2col.windows(c, p, values(p.in())));
    maxChain(c, p);
  }

  /**
   * The differences, gains and output of a max-pool step from the window stack this witness holds.
   * Package-private as a test seam: a cheating prover edits the stack (a padded cell that is not
   * {@link MaxPool#FILL}), then recomputes the chain and {@link #rerun}s the later steps.
   */
  void maxChain(Circuit c, MaxPool p) {
    fieldValues.clear();
    long[] x = values(p.windows());
    PaddedShape stacked = c.tensor(p.windows()).padded();
    int kPadded = stacked.padded()[0];
    int plane = stacked.paddedSize() / kPadded;
    int kReal = p.geometry().kernelSize();
    long[] d = new long[x.length];
    long[] g = new long[x.length];
    long[] out = new long[plane];
    for (int i = 0; i < plane; i++) {
      long m = x[i];
      for (int k = 1; k < kReal; k++) {
        long xk = x[k * plane + i];
        long diff = m - xk;
        d[k * plane + i] = diff;
        g[k * plane + i] = Math.max(0, diff);
        m = xk + Math.max(0, diff);
      }
      out[i] = m;
    }
    values.put(p.differences(), d);
    values.put(p.gains(), g);
    values.put(p.out(), out);
  }

  /** Stages of {@link #softmax}: a cheating test edits one witness and recomputes from the next stage on. */
  static final int SOFTMAX_MAX = 0;
  static final int SOFTMAX_DIFFERENCES = 1;
  static final int SOFTMAX_EXPS = 2;
  static final int SOFTMAX_SUMS = 3;
  static final int SOFTMAX_DECOMPOSITION = 4;
  static final int SOFTMAX_OUTPUT = 5;

  /**
   * The softmax witnesses from stage {@code from} on, reading the earlier ones from this witness.
   * Padding entries hold values every lookup accepts (d = 0, e = expTable[0], P = 1, the rest 0).
   */
  void softmax(Circuit c, Circuit.Softmax s, int from) {
    PaddedShape el = c.tensor(s.in()).padded();
    int[] real = el.shape();
    int vn = el.vars(1);
    int vi = el.vars(2);
    int len = el.paddedSize();
    int rowLen = 1 << (el.vars(0) + vi);
    long[] x = values(s.in());
    long[] exp = s.expTable();
    if (from <= SOFTMAX_MAX) {
      long[] m = new long[rowLen];
      for (int o = 0; o < real[0]; o++) {
        for (int ii = 0; ii < real[2]; ii++) {
          long best = Long.MIN_VALUE;
          for (int j = 0; j < real[1]; j++) {
            best = Math.max(best, x[(o << (vn + vi)) | (j << vi) | ii]);
          }
          m[(o << vi) | ii] = best;
        }
      }
      values.put(s.max(), m);
    }
    long[] m = values(s.max());
    if (from <= SOFTMAX_DIFFERENCES) {
      long[] d = new long[len];
      long[] sel = new long[len];
      for (int o = 0; o < real[0]; o++) {
        for (int ii = 0; ii < real[2]; ii++) {
          boolean picked = false;
          for (int j = 0; j < real[1]; j++) {
            int i = (o << (vn + vi)) | (j << vi) | ii;
            d[i] = m[(o << vi) | ii] - x[i];
            if (d[i] == 0 && !picked) {
              sel[i] = 1;
              picked = true;
            }
          }
        }
      }
      values.put(s.differences(), d);
      values.put(s.selector(), sel);
    }
    long[] d = values(s.differences());
    if (from <= SOFTMAX_EXPS) {
      long[] e = new long[len];
      for (int i = 0; i < len; i++) {
        if (d[i] < 0 || d[i] >= exp.length) {
          throw new IllegalStateException("step '" + s.name() + "': difference " + d[i] + " outside 0.." + (exp.length - 1));
        }
        e[i] = exp[(int) d[i]];
      }
      values.put(s.exps(), e);
    }
    long[] e = values(s.exps());
    if (from <= SOFTMAX_SUMS) {
      long[] sum = new long[rowLen];
      for (int o = 0; o < real[0]; o++) {
        for (int ii = 0; ii < real[2]; ii++) {
          long acc = 0;
          for (int j = 0; j < real[1]; j++) {
            acc += e[(o << (vn + vi)) | (j << vi) | ii];
          }
          sum[(o << vi) | ii] = acc;
        }
      }
      values.put(s.sum(), sum);
    }
    long[] sum = values(s.sum());
    if (from > SOFTMAX_OUTPUT) {
      return;
    }
    if (s.log()) {
      if (from <= SOFTMAX_DECOMPOSITION) {
        logSumDecomposition(s, el, sum);
      }
      logSoftmaxOutput(s, el, d);
    } else {
      softmaxOutput(s, el, e, sum);
    }
  }

  /** q = floor((2·e·outK + S) / (2·S)), rem, slack = 2·S − 1 − rem in limbs, out = min(127, q). */
  private void softmaxOutput(Circuit.Softmax s, PaddedShape el, long[] e, long[] sum) {
    int len = el.paddedSize();
    long[] q = new long[len];
    long[] out = new long[len];
    long[] rem = new long[len];
    long[] slack = new long[len];
    forRealElements(el, (i, row) -> {
      long num = 2 * e[i] * s.outK() + sum[row];
      long den = 2 * sum[row];
      q[i] = Math.floorDiv(num, den);
      rem[i] = num - q[i] * den;
      slack[i] = den - 1 - rem[i];
      out[i] = Math.min(127, q[i]);
    });
    values.put(s.q(), q);
    values.put(s.out(), out);
    putLimbs(rem, s.remainderLimbs(), s::remainder);
    putLimbs(slack, s.slackLimbs(), s::slack);
  }

  /** S = P·(256 + f) + low with low + lowSlack = P − 1, Lp = (E − 16)·ln2Coef, Lf = lnTable[f]. */
  private void logSumDecomposition(Circuit.Softmax s, PaddedShape el, long[] sum) {
    int rowLen = sum.length;
    long[] pow = new long[rowLen];
    long[] frac = new long[rowLen];
    long[] low = new long[rowLen];
    long[] lowSlack = new long[rowLen];
    long[] lnPow = new long[rowLen];
    long[] lnFrac = new long[rowLen];
    long[] ln = s.lnTable();
    java.util.Arrays.fill(pow, 1);
    java.util.Arrays.fill(lnPow, (8 - 16) * s.ln2Coef());
    java.util.Arrays.fill(lnFrac, ln[0]);
    boolean[] realRow = new boolean[rowLen];
    forRealElements(el, (i, row) -> realRow[row] = true);
    for (int r = 0; r < rowLen; r++) {
      if (!realRow[r]) {
        continue;
      }
      long sv = sum[r];
      int exp = 63 - Long.numberOfLeadingZeros(sv);
      if (exp < 8) {
        throw new IllegalStateException("step '" + s.name() + "': row sum " + sv + " below 256");
      }
      pow[r] = 1L << (exp - 8);
      frac[r] = (sv >> (exp - 8)) & 0xff;
      low[r] = sv - pow[r] * (256 + frac[r]);
      lowSlack[r] = pow[r] - 1 - low[r];
      lnPow[r] = (exp - 16) * s.ln2Coef();
      lnFrac[r] = ln[(int) frac[r]];
    }
    values.put(s.pow(), pow);
    values.put(s.frac(), frac);
    values.put(s.lnPow(), lnPow);
    values.put(s.lnFrac(), lnFrac);
    putLimbs(low, s.lowLimbs(), s::low);
    putLimbs(lowSlack, s.lowLimbs(), s::lowSlack);
  }

  /** acc = −inCoef·d − Lp − Lf requantized (acc = 0 on padding). */
  private void logSoftmaxOutput(Circuit.Softmax s, PaddedShape el, long[] d) {
    long[] lnPow = values(s.lnPow());
    long[] lnFrac = values(s.lnFrac());
    int len = el.paddedSize();
    long[] acc = new long[len];
    forRealElements(el, (i, row) -> acc[i] = -s.inCoef() * d[i] - lnPow[row] - lnFrac[row]);
    requantize(s.requant(), acc, null, s.out(), s.q(), s::remainder);
  }

  private interface ElementVisitor {
    void visit(int element, int row);
  }

  /** Visits the real elements of an [outer, n, inner] layout with the padded index of their row. */
  private static void forRealElements(PaddedShape el, ElementVisitor v) {
    int[] real = el.shape();
    int vn = el.vars(1);
    int vi = el.vars(2);
    for (int o = 0; o < real[0]; o++) {
      for (int j = 0; j < real[1]; j++) {
        for (int ii = 0; ii < real[2]; ii++) {
          v.visit((o << (vn + vi)) | (j << vi) | ii, (o << vi) | ii);
        }
      }
    }
  }

  /** Splits non-negative values into 8-bit limbs named by {@code name}. */
  private void putLimbs(long[] v, int limbs, java.util.function.IntFunction<String> name) {
    for (int k = 0; k < limbs; k++) {
      long[] l = new long[v.length];
      for (int i = 0; i < v.length; i++) {
        if (v[i] < 0) {
          throw new IllegalStateException("negative value " + v[i] + " for limbs of '" + name.apply(0) + "'");
        }
        l[i] = (v[i] >>> (Requant.LIMB_BITS * k)) & ((1L << Requant.LIMB_BITS) - 1);
      }
      values.put(name.apply(k), l);
    }
  }

  /**
   * num = P·x, q = round-half-away(num / count), σ = clamp(q, −1, 1), out = clamp(q, lo, hi),
   * w = 4(num − q·count) + σ + 2·count − 1, w' = 4·count − 2 − w (see {@link Circuit.AvgPool}).
   */
  private void avgPool(Circuit c, AvgPool p) {
    long[] num = Im2col.avgPoolMap(c, p).applyIntegers(values(p.in()));
    long[] count = Protocol.countTable(c, p);
    long[] q = new long[num.length];
    long[] sign = new long[num.length];
    long[] out = new long[num.length];
    long[] lower = new long[num.length];
    long[] upper = new long[num.length];
    for (int i = 0; i < num.length; i++) {
      long n = num[i];
      long cnt = count[i];
      long half = cnt / 2;
      long qi = n >= 0 ? (n + half) / cnt : -((-n + half) / cnt);
      long s = Math.max(-1, Math.min(1, qi));
      q[i] = qi;
      sign[i] = s;
      out[i] = Math.max(p.lo(), Math.min(p.hi(), qi));
      lower[i] = 4 * (n - qi * cnt) + s + 2 * cnt - 1;
      upper[i] = 4 * cnt - 2 - lower[i];
    }
    values.put(p.out(), out);
    values.put(p.q(), q);
    values.put(p.sign(), sign);
    values.put(p.lower(), lower);
    values.put(p.upper(), upper);
  }

  /** The padded values of tensor {@code t} broadcast to the padded layout of {@code out}. */
  private long[] broadcast(Circuit c, String out, String t) {
    return Protocol.broadcast(c.tensor(out).padded(), c.tensor(t).padded(), values(t));
  }

  /** acc[i] = Σ_t coef_t·Π_f f[i] on the padded output layout. */
  private void elementwise(Circuit c, Circuit.Elementwise e) {
    long[] acc = new long[c.tensor(e.out()).padded().paddedSize()];
    for (Circuit.Term t : e.terms()) {
      long[][] fs = new long[t.factors().size()][];
      for (int k = 0; k < fs.length; k++) {
        fs[k] = broadcast(c, e.out(), t.factors().get(k));
      }
      long coef = t.coef();
      for (int i = 0; i < acc.length; i++) {
        long v = coef;
        for (long[] f : fs) {
          v = Math.multiplyExact(v, f[i]);
        }
        acc[i] = Math.addExact(acc[i], v);
      }
    }
    requantize(c, e, acc);
  }

  /**
   * acc[t, i, j] = productCoef·Σ_{p < k} A[t, i, p]·B[t, p, j] + addendCoef·c[t, i, j] over the padded
   * output layout (the inner sum over real p only, as the proof's mask).
   */
  private void matMul(Circuit c, Circuit.MatMul mm) {
    MatMulShape ms = MatMulShape.of(c, mm);
    PaddedShape out = c.tensor(mm.out()).padded();
    long[] a = values(mm.a());
    long[] b = values(mm.b());
    int[] mapA = ms.batchMap(true);
    int[] mapB = ms.batchMap(false);
    int mp = 1 << ms.mVars();
    int kp = 1 << ms.kVars();
    int np = out.paddedSize() / (mapA.length * mp);
    // strides of (row, inner) in a's padded matrix and (inner, column) in b's
    int aRow = ms.transA() ? 1 : kp;
    int aIn = ms.transA() ? mp : 1;
    int bIn = ms.transB() ? 1 : np;
    int bCol = ms.transB() ? kp : 1;
    long[] acc = new long[out.paddedSize()];
    long pc = mm.productCoef();
    for (int t = 0; t < mapA.length; t++) {
      int aOff = mapA[t] * mp * kp;
      int bOff = mapB[t] * kp * np;
      int cOff = t * mp * np;
      for (int i = 0; i < mp; i++) {
        for (int p = 0; p < ms.k(); p++) {
          long av = a[aOff + i * aRow + p * aIn];
          if (av == 0) {
            continue;
          }
          int bp = bOff + p * bIn;
          for (int j = 0; j < np; j++) {
            acc[cOff + i * np + j] += av * b[bp + j * bCol];
          }
        }
      }
    }
    long[] cv = mm.c() == null ? null : broadcast(c, mm.out(), mm.c());
    for (int i = 0; i < acc.length; i++) {
      acc[i] = Math.multiplyExact(acc[i], pc);
      if (cv != null) {
        acc[i] = Math.addExact(acc[i], Math.multiplyExact(mm.addendCoef(), cv[i]));
      }
    }
    requantize(c, mm, acc);
  }

  private void maxMin(Circuit c, Circuit.MaxMin mm) {
    long[] m = broadcast(c, mm.out(), mm.terms().get(0)).clone();
    for (int k = 1; k < mm.terms().size(); k++) {
      long[] x = broadcast(c, mm.out(), mm.terms().get(k));
      long[] d = new long[m.length];
      long[] g = new long[m.length];
      for (int i = 0; i < m.length; i++) {
        d[i] = m[i] - x[i];
        g[i] = Math.max(0, d[i]);
        m[i] = mm.max() ? x[i] + g[i] : m[i] - g[i];
      }
      values.put(mm.difference(k), d);
      values.put(mm.gain(k), g);
    }
    values.put(mm.out(), m);
  }

  private void relayout(Circuit c, Relayout r) {
    long[] in = values(r.in());
    PaddedShape is = c.tensor(r.in()).padded();
    PaddedShape os = c.tensor(r.out()).padded();
    int[] src = r.source();
    long[] out = new long[os.paddedSize()];
    for (int i = 0; i < src.length; i++) {
      out[os.paddedIndex(i)] = src[i] >= 0 ? in[is.paddedIndex(src[i])] : r.fill();
    }
    values.put(r.out(), out);
  }
}
