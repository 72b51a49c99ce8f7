package io.deepprove.aggregate;

import io.deepprove.aggregate.Circuit.Kind;
import io.deepprove.aggregate.Circuit.Linear;
import io.deepprove.aggregate.Circuit.MaxPool;
import io.deepprove.aggregate.Circuit.Relayout;
import io.deepprove.aggregate.Circuit.Requant;
import io.deepprove.aggregate.Circuit.Softmax;
import io.deepprove.aggregate.Circuit.Step;
import io.deepprove.aggregate.Circuit.Tensor;
import io.deepprove.aggregate.Circuit.Unary;
import java.util.ArrayList;
import java.util.List;

/**
 * One proof for B inputs: the circuit of a batch is the model's circuit with every input and trace
 * tensor holding the B samples' values one sample after the other (row-major concatenation), while
 * the weights stay as they are. Per tensor, the batch becomes the leading dimension: a tensor of
 * rank ≥ 2 has its first dimension multiplied by B ([N, C, H, W] → [B·N, C, H, W]), a tensor of
 * rank ≤ 1 gets a new leading dimension B ([k] → [B, k]). Either way its real row-major values are
 * the samples' values concatenated, so:
 *
 * <ul>
 *   <li>a dense step x·W on rows [..., k] multiplies B times as many rows by the same W;
 *   <li>a convolution (transposed too) or pooling on [N, C, ...] sees B·N images;
 *   <li>element-wise steps are unchanged;
 *   <li>a relayout (reshape, transpose, slice, …) becomes block diagonal: sample b's output block is
 *       read from sample b's input block only.
 * </ul>
 *
 * The batch therefore adds log₂ B variables to the sum-checks of every step and to the committed
 * trace, while the weights are committed once and opened once for the whole batch. The batched
 * circuit is a deterministic function of the model's circuit and B, recomputed by prover and verifier
 * alike; nothing about it travels in the proof but B.
 */
public final class Batching {

  /** The largest batch one proof may hold. */
  public static final int MAX_BATCH = 1 << 12;

  private Batching() {}

  /** The circuit proving {@code batch} samples of {@code c} at once ({@code c} itself for 1). */
  public static Circuit batched(Circuit c, int batch) {
    if (batch < 1 || batch > MAX_BATCH) {
      throw new IllegalArgumentException("a batch holds 1 to " + MAX_BATCH + " inputs, not " + batch);
    }
    if (batch == 1) {
      return c;
    }
    CircuitBuilder b = new CircuitBuilder(c.name() + "×" + batch);
    for (String in : c.inputs()) {
      if (c.tensor(in).kind() == Kind.INPUT16) {
        b.input16(in, scaled(c.tensor(in).shape(), batch));
      } else {
        b.input(in, scaled(c.tensor(in).shape(), batch));
      }
    }
    for (Tensor t : c.tensors(Kind.WEIGHT)) {
      b.weight(t.name(), t.shape());
    }
    for (Step s : c.steps()) {
      if (s instanceof Linear l) {
        Requant rq = l.requant();
        if (!l.conv() && c.tensor(l.weight()).kind() != Kind.WEIGHT) {
          throw new IllegalArgumentException("step '" + s.name() + "' multiplies two per-input tensors; "
              + "batch proving does not cover it yet");
        }
        if (!l.conv() && rq.channelDim() >= 0 && c.tensor(l.x()).shape().length <= 1) {
          // [k] → [B, k]: the channel axis of the accumulator moves from 0 to 1
          rq = new Requant(rq.multipliers(), rq.shift(), rq.channelDim() + 1, rq.lo(), rq.hi());
        }
        if (l.conv()) {
          b.conv(l.name(), l.x(), l.weight(), l.bias(), l.out(), l.geometry(), rq);
        } else {
          b.dense(l.name(), l.x(), l.weight(), l.bias(), l.out(), rq);
        }
      } else if (s instanceof Unary u) {
        b.unary(u.name(), u.in(), u.out(), u.values());
      } else if (s instanceof MaxPool p) {
        b.maxPool(p.name(), p.in(), p.out(), p.geometry(), scaled(c.tensor(p.out()).shape(), batch));
      } else if (s instanceof Circuit.GroupedConv gc) {
        b.groupedConv(gc.name(), gc.x(), gc.weight(), gc.bias(), gc.out(), gc.geometry(), gc.group(), gc.requant());
      } else if (s instanceof Circuit.ConvTranspose ct) {
        if (c.tensor(ct.weight()).kind() != Kind.WEIGHT
            || ct.bias() != null && c.tensor(ct.bias()).kind() != Kind.WEIGHT) {
          // a per-input weight would be stacked along its input-channel axis, not applied per sample
          throw new IllegalArgumentException("step '" + s.name() + "' takes its weight or bias per input; "
              + "batch proving does not cover it yet");
        }
        b.convTranspose(ct.name(), ct.x(), ct.weight(), ct.bias(), ct.out(), ct.geometry(), ct.group(),
            scaled(c.tensor(ct.out()).shape(), batch), ct.requant());
      } else if (s instanceof Circuit.AvgPool a) {
        // counts are per spatial output position, the same for every image
        b.avgPool(a.name(), a.in(), a.out(), a.geometry(), scaled(c.tensor(a.out()).shape(), batch), a.multiplier(),
            a.counts(), a.lo(), a.hi());
      } else if (s instanceof Circuit.Reduce rd) {
        // a new outermost batch axis, never reduced (the model's axes may include its own axis 0)
        int[] view = rd.shape();
        int[] bview = new int[view.length + 1];
        bview[0] = batch;
        System.arraycopy(view, 0, bview, 1, view.length);
        int[] axes = rd.axes();
        for (int i = 0; i < axes.length; i++) {
          axes[i]++;
        }
        b.reduce(rd.name(), rd.in(), bview, rd.out(), scaled(c.tensor(rd.out()).shape(), batch), axes, rd.requant());
      } else if (s instanceof Circuit.Elementwise e) {
        List<String> factors = new ArrayList<>();
        e.terms().forEach(t -> factors.addAll(t.factors()));
        requireSameRank(c, s, factors, e.out());
        b.elementwise(e.name(), e.terms(), e.out(), scaled(c.tensor(e.out()).shape(), batch), e.requant());
      } else if (s instanceof Circuit.MaxMin mm) {
        requireSameRank(c, s, mm.terms(), mm.out());
        b.maxMin(mm.name(), mm.terms(), mm.out(), scaled(c.tensor(mm.out()).shape(), batch), mm.max());
      } else if (s instanceof Softmax sm) {
        // [outer, n, inner] → [B·outer, n, inner]: rows of different samples stay apart
        b.softmax(sm.name(), sm.in(), sm.out(), sm.log(), sm.expTable(), sm.outK(), sm.inCoef(), sm.ln2Coef(),
            sm.lnTable(), sm.requant());
      } else if (s instanceof Relayout r) {
        int inSize = size(c.tensor(r.in()).shape());
        int[] src = r.source();
        int[] batched = new int[src.length * batch];
        for (int k = 0; k < batch; k++) {
          for (int i = 0; i < src.length; i++) {
            batched[k * src.length + i] = src[i] < 0 ? src[i] : k * inSize + src[i];
          }
        }
        b.relayout(r.name(), r.in(), r.out(), scaled(c.tensor(r.out()).shape(), batch), batched, r.fill());
      } else {
        throw new IllegalArgumentException("batch proving does not cover " + s.getClass().getSimpleName()
            + " steps yet (step '" + s.name() + "')");
      }
    }
    Circuit out = b.build(c.outputs());
    // every tensor of the batch holds its samples one after the other: same kinds, scaled shapes
    for (Tensor t : c.tensors().values()) {
      Tensor u = out.tensor(t.name());
      int[] expected = t.kind() == Kind.WEIGHT ? t.shape() : scaled(t.shape(), batch);
      if (u.kind() != t.kind() || size(u.shape()) != size(expected)
          || !java.util.Arrays.equals(u.shape(), expected) && !stacked(t)) {
        throw new IllegalStateException("batched tensor '" + t.name() + "' is " + u.kind() + " of shape "
            + java.util.Arrays.toString(u.shape()) + ", expected " + t.kind() + " of shape "
            + java.util.Arrays.toString(expected));
      }
    }
    return out;
  }

  /**
   * Splits the values of {@code names} in a batch's public vector (each tensor's B samples, tensor
   * after tensor) into one vector per sample (each the sample's tensors one after the other).
   */
  public static List<long[]> split(Circuit c, List<String> names, long[] flat, int batch) {
    int per = c.realSize(names);
    if ((long) per * batch != flat.length) {
      throw new IllegalArgumentException(flat.length + " values are not " + batch + " samples of " + per);
    }
    List<long[]> samples = new ArrayList<>();
    for (int k = 0; k < batch; k++) {
      samples.add(new long[per]);
    }
    int src = 0;
    int dst = 0;
    for (String n : names) {
      int len = size(c.tensor(n).shape());
      for (int k = 0; k < batch; k++) {
        System.arraycopy(flat, src, samples.get(k), dst, len);
        src += len;
      }
      dst += len;
    }
    return samples;
  }

  /** The inverse of {@link #split}: per-sample vectors into the batch's public vector. */
  public static long[] join(Circuit c, List<String> names, List<long[]> samples) {
    int per = c.realSize(names);
    long[] flat = new long[per * samples.size()];
    int dst = 0;
    int src = 0;
    for (String n : names) {
      int len = size(c.tensor(n).shape());
      for (long[] s : samples) {
        if (s.length != per) {
          throw new IllegalArgumentException("a sample of " + s.length + " values, the circuit takes " + per);
        }
        System.arraycopy(s, src, flat, dst, len);
        dst += len;
      }
      src += len;
    }
    return flat;
  }

  /**
   * A per-input operand broadcast against a lower-rank or leading-size-1 shape would, batched, be
   * broadcast across samples; only operands of the output's rank (or weights) keep their meaning.
   */
  private static void requireSameRank(Circuit c, Step s, List<String> operands, String out) {
    int rank = c.tensor(out).shape().length;
    for (String f : operands) {
      Tensor t = c.tensor(f);
      if (t.kind() != Kind.WEIGHT && (t.shape().length != rank || rank == 0
          || t.shape()[0] != c.tensor(out).shape()[0])) {
        throw new IllegalArgumentException("step '" + s.name() + "' broadcasts '" + f
            + "' along its first axis; batch proving does not cover it yet");
      }
    }
  }

  /** Witness tensors stacked over a leading window axis (max pooling): batched on their second axis. */
  static boolean stacked(Tensor t) {
    return t.name().endsWith("#X") || t.name().endsWith("#D") || t.name().endsWith("#G");
  }

  static int[] scaled(int[] shape, int batch) {
    if (shape.length <= 1) {
      int[] s = new int[shape.length + 1];
      s[0] = batch;
      System.arraycopy(shape, 0, s, 1, shape.length);
      return s;
    }
    int[] s = shape.clone();
    s[0] = Math.multiplyExact(s[0], batch);
    return s;
  }

  private static int size(int[] shape) {
    long n = 1;
    for (int d : shape) {
      n *= d;
    }
    return Math.toIntExact(n);
  }
}
