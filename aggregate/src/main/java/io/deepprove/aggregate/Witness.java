package io.deepprove.aggregate;

import io.deepprove.aggregate.Circuit.Linear;
import io.deepprove.aggregate.Circuit.MaxPool;
import io.deepprove.aggregate.Circuit.Relayout;
import io.deepprove.aggregate.Circuit.Requant;
import io.deepprove.aggregate.Circuit.Requantized;
import io.deepprove.aggregate.Circuit.Step;
import io.deepprove.aggregate.Circuit.Unary;
import java.util.HashMap;
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

  private Witness() {}

  /** Padded signed values of a tensor (the array itself: do not modify). */
  public long[] values(String tensor) {
    long[] v = values.get(tensor);
    if (v == null) {
      throw new IllegalArgumentException("no values for tensor '" + tensor + "'");
    }
    return v;
  }

  /** The padded accumulator of a linear step. */
  long[] accumulator(String step) {
    return accumulators.get(step);
  }

  /** Runs the circuit on a real input and real weights (signed integers, row-major). */
  public static Witness compute(Circuit c, long[] input, Map<String, long[]> weights) {
    Witness w = new Witness();
    w.values.put(c.input(), padSigned(c.tensor(c.input()).padded(), input));
    for (Circuit.Tensor t : c.tensors(Circuit.Kind.WEIGHT)) {
      long[] v = weights.get(t.name());
      if (v == null) {
        throw new IllegalArgumentException("missing weight tensor '" + t.name() + "'");
      }
      w.values.put(t.name(), padSigned(t.padded(), v));
    }
    for (Step s : c.steps()) {
      if (s instanceof Linear l) {
        w.linear(c, l);
      } else if (s instanceof Unary u) {
        w.unary(c, u);
      } else if (s instanceof MaxPool p) {
        w.maxPool(c, p);
      } else if (s instanceof Relayout r) {
        w.relayout(c, r);
      } else if (s instanceof Circuit.Elementwise e) {
        w.elementwise(c, e);
      } else if (s instanceof Circuit.MatMul mm) {
        w.matMul(c, mm);
      } else if (s instanceof Circuit.MaxMin mm) {
        w.maxMin(c, mm);
      }
    }
    return w;
  }

  /** Real signed values in the padded layout (zeros in the padding). */
  static long[] padSigned(PaddedShape shape, long[] real) {
    if (real.length != shape.realSize()) {
      throw new IllegalArgumentException("tensor of " + real.length + " values, shape " + shape);
    }
    long[] out = new long[shape.paddedSize()];
    for (int i = 0; i < real.length; i++) {
      out[shape.paddedIndex(i)] = real[i];
    }
    return out;
  }

  private void linear(Circuit c, Linear l) {
    requantize(c, l, l.conv() ? convAccumulator(c, l) : denseAccumulator(c, l));
  }

  /** Keeps the step's accumulator and computes out, q and the remainder limbs from it. */
  private void requantize(Circuit c, Requantized l, long[] acc) {
    PaddedShape accShape = c.tensor(l.out()).padded();
    accumulators.put(l.name(), acc);
    Requant rq = l.requant();
    int[] padded = accShape.padded();
    int channelStride = 1;
    int channels = 1;
    if (rq.channelDim() >= 0) {
      for (int d = rq.channelDim() + 1; d < padded.length; d++) {
        channelStride *= padded[d];
      }
      channels = padded[rq.channelDim()];
    }
    int realChannels = Protocol.realChannels(c, l);
    long[] q = new long[acc.length];
    long[] out = new long[acc.length];
    long[][] limbs = new long[rq.limbs()][acc.length];
    int s = rq.shift();
    for (int i = 0; i < acc.length; i++) {
      int ch = rq.channelDim() < 0 ? 0 : (i / channelStride) % channels;
      long m = ch < realChannels ? rq.multiplier(ch) : 0;
      long t = Math.addExact(Math.multiplyExact(acc[i], m), rq.offset());
      long qi = t >> s;
      long rem = t - (qi << s);
      q[i] = qi;
      out[i] = Math.max(rq.lo(), Math.min(rq.hi(), qi));
      for (int k = 0; k < limbs.length; k++) {
        limbs[k][i] = (rem >>> (Requant.LIMB_BITS * k)) & ((1L << Requant.LIMB_BITS) - 1);
      }
    }
    values.put(l.out(), out);
    values.put(l.q(), q);
    for (int k = 0; k < limbs.length; k++) {
      values.put(l.limb(k), limbs[k]);
    }
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
    long[] x = Im2col.windows(c, p, values(p.in()));
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
    values.put(p.windows(), x);
    values.put(p.differences(), d);
    values.put(p.gains(), g);
    values.put(p.out(), out);
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
