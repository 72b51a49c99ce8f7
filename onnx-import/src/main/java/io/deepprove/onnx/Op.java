package io.deepprove.onnx;

import java.util.Arrays;

/**
 * What a {@link Node} computes, with its attributes parsed, defaults applied for the model's opset,
 * and every shape-dependent choice (auto_pad, ceil_mode, negative axes, Reshape's 0/-1, Flatten,
 * Squeeze/Unsqueeze axes) already resolved against the static shapes. Node inputs are named in
 * {@link Node#inputs()}; an input may be a graph input, another node's output or an initializer
 * ({@link Graph#isConstant}). Array accessors return copies.
 *
 * <p>Spatial ops (Conv, ConvTranspose, Pool) work on {@code [N, C, d1..dk]} tensors with k spatial
 * axes (k = 1, 2 or 3); their arrays have k entries (pads: begin and end separately).
 */
public sealed interface Op {

  /** Short name used in reports (the ONNX op type it came from is {@link Node#onnxOpType()}). */
  default String name() {
    return getClass().getSimpleName();
  }

  /** Y = alpha * A' * B' + beta * C; inputs A, B and optionally C (unidirectionally broadcast to [M, N]). */
  record Gemm(double alpha, double beta, boolean transA, boolean transB) implements Op {}

  /** numpy matmul of the two inputs (1-D operands promoted and the added axis removed; batch axes broadcast). */
  record MatMul() implements Op {}

  /**
   * Elementwise {@code fn} over one or more inputs with numpy broadcasting (left fold). Add, Sub, Mul,
   * Div, Sum, Max, Min, and PRelu with a tensor slope (opset-6 per-channel slopes [C] are stored
   * reshaped to [C, 1, ...] so the numpy rule gives the per-channel meaning).
   */
  record Elementwise(BinaryFunction fn) implements Op {}

  /** Y = fn(X) elementwise: every unary activation. */
  record Unary(UnaryFunction fn) implements Op {}

  /**
   * Convolution; inputs X [N, C, ...], W [M, C/group, k...], optional B [M]. Output index o reads
   * input index o*stride + k*dilation - padBegin along each spatial axis (zeros outside).
   */
  record Conv(int[] kernel, int[] strides, int[] padsBegin, int[] padsEnd, int[] dilations, int group)
      implements Op {
    public Conv {
      kernel = kernel.clone();
      strides = strides.clone();
      padsBegin = padsBegin.clone();
      padsEnd = padsEnd.clone();
      dilations = dilations.clone();
    }

    @Override public int[] kernel() { return kernel.clone(); }
    @Override public int[] strides() { return strides.clone(); }
    @Override public int[] padsBegin() { return padsBegin.clone(); }
    @Override public int[] padsEnd() { return padsEnd.clone(); }
    @Override public int[] dilations() { return dilations.clone(); }

    @Override
    public String toString() {
      return "Conv(k" + Arrays.toString(kernel) + " s" + Arrays.toString(strides) + " p"
          + Arrays.toString(padsBegin) + Arrays.toString(padsEnd) + " d" + Arrays.toString(dilations)
          + " g" + group + ")";
    }
  }

  /**
   * Transposed convolution; inputs X [N, C, ...], W [C, M/group, k...], optional B [M]. Input index i
   * and kernel index k add into output index i*stride + k*dilation - padBegin when that lies inside the
   * output (whose size, in the node's output TensorInfo, already accounts for output_padding,
   * output_shape and auto_pad; padsEnd may be negative when the output is extended by zeros).
   */
  record ConvTranspose(
      int[] kernel, int[] strides, int[] padsBegin, int[] padsEnd, int[] dilations, int[] outputPadding, int group)
      implements Op {
    public ConvTranspose {
      kernel = kernel.clone();
      strides = strides.clone();
      padsBegin = padsBegin.clone();
      padsEnd = padsEnd.clone();
      dilations = dilations.clone();
      outputPadding = outputPadding.clone();
    }

    @Override public int[] kernel() { return kernel.clone(); }
    @Override public int[] strides() { return strides.clone(); }
    @Override public int[] padsBegin() { return padsBegin.clone(); }
    @Override public int[] padsEnd() { return padsEnd.clone(); }
    @Override public int[] dilations() { return dilations.clone(); }
    @Override public int[] outputPadding() { return outputPadding.clone(); }

    @Override
    public String toString() {
      return "ConvTranspose(k" + Arrays.toString(kernel) + " s" + Arrays.toString(strides) + " p"
          + Arrays.toString(padsBegin) + Arrays.toString(padsEnd) + " d" + Arrays.toString(dilations)
          + " op" + Arrays.toString(outputPadding) + " g" + group + ")";
    }
  }

  /** MAX or AVERAGE pooling. */
  enum PoolKind { MAX, AVERAGE }

  /**
   * MaxPool / AveragePool. The output size (node output TensorInfo) already reflects ceil_mode; a
   * window is clipped to the input (max, average with count_include_pad = false) or to the padded
   * input [-padBegin, in + padEnd) (average with count_include_pad = true: divisor = window cells
   * inside the padded input).
   */
  record Pool(PoolKind kind, int[] kernel, int[] strides, int[] padsBegin, int[] padsEnd, int[] dilations,
      boolean countIncludePad) implements Op {
    public Pool {
      kernel = kernel.clone();
      strides = strides.clone();
      padsBegin = padsBegin.clone();
      padsEnd = padsEnd.clone();
      dilations = dilations.clone();
    }

    @Override public int[] kernel() { return kernel.clone(); }
    @Override public int[] strides() { return strides.clone(); }
    @Override public int[] padsBegin() { return padsBegin.clone(); }
    @Override public int[] padsEnd() { return padsEnd.clone(); }
    @Override public int[] dilations() { return dilations.clone(); }

    @Override
    public String toString() {
      return kind + "Pool(k" + Arrays.toString(kernel) + " s" + Arrays.toString(strides) + " p"
          + Arrays.toString(padsBegin) + Arrays.toString(padsEnd) + " d" + Arrays.toString(dilations)
          + (countIncludePad ? " count_include_pad" : "") + ")";
    }
  }

  /** GlobalMaxPool / GlobalAveragePool: [N, C, ...] to [N, C, 1, ...]. */
  record GlobalPool(PoolKind kind) implements Op {}

  /**
   * Per-channel affine map along axis 1: inputs X [N, C, ...], scale [C], shift [C];
   * y = x * scale[c] + shift[c]. Inference BatchNormalization becomes this, with
   * scale = gamma / sqrt(var + eps) and shift = beta - mean * scale (both initializers).
   */
  record ChannelAffine() implements Op {}

  /** SUM or MEAN reduction. */
  enum ReduceKind { SUM, MEAN }

  /** ReduceSum / ReduceMean over {@code axes} (sorted, non-negative; all axes when every axis is listed). */
  record Reduce(ReduceKind kind, int[] axes, boolean keepDims) implements Op {
    public Reduce {
      axes = axes.clone();
    }

    @Override public int[] axes() { return axes.clone(); }

    @Override
    public String toString() {
      return "Reduce" + kind + "(axes " + Arrays.toString(axes) + (keepDims ? " keepdims" : "") + ")";
    }
  }

  /**
   * Softmax (or LogSoftmax when {@code log}) normalising jointly over the axes {@code [axisFrom, axisTo)}:
   * opset 13+ normalises along one axis (axisTo = axisFrom + 1), earlier opsets coerce to 2-D
   * (axisTo = rank).
   */
  record Softmax(int axisFrom, int axisTo, boolean log) implements Op {}

  /** Row-major reinterpretation to {@code shape} (Reshape, Flatten, Squeeze, Unsqueeze). */
  record Reshape(int[] shape) implements Op {
    public Reshape {
      shape = shape.clone();
    }

    @Override public int[] shape() { return shape.clone(); }

    @Override
    public String toString() {
      return "Reshape(" + Arrays.toString(shape) + ")";
    }
  }

  /** Output axis i is input axis perm[i]. */
  record Transpose(int[] perm) implements Op {
    public Transpose {
      perm = perm.clone();
    }

    @Override public int[] perm() { return perm.clone(); }

    @Override
    public String toString() {
      return "Transpose(" + Arrays.toString(perm) + ")";
    }
  }

  /** Concatenation of all inputs along {@code axis} (non-negative). */
  record Concat(int axis) implements Op {}

  /** Split along {@code axis} into outputs of the given sizes. */
  record Split(int axis, int[] sizes) implements Op {
    public Split {
      sizes = sizes.clone();
    }

    @Override public int[] sizes() { return sizes.clone(); }

    @Override
    public String toString() {
      return "Split(axis " + axis + " " + Arrays.toString(sizes) + ")";
    }
  }

  /**
   * Strided slice, one entry per input axis: output index j along axis a reads input index
   * starts[a] + j * steps[a] (the output size along each axis is in the node's output TensorInfo).
   */
  record Slice(int[] starts, int[] steps) implements Op {
    public Slice {
      starts = starts.clone();
      steps = steps.clone();
    }

    @Override public int[] starts() { return starts.clone(); }
    @Override public int[] steps() { return steps.clone(); }

    @Override
    public String toString() {
      return "Slice(starts " + Arrays.toString(starts) + " steps " + Arrays.toString(steps) + ")";
    }
  }

  /** Gather along {@code axis} with constant, non-negative {@code indices} of shape {@code indicesShape}. */
  record Gather(int axis, int[] indices, int[] indicesShape) implements Op {
    public Gather {
      indices = indices.clone();
      indicesShape = indicesShape.clone();
    }

    @Override public int[] indices() { return indices.clone(); }
    @Override public int[] indicesShape() { return indicesShape.clone(); }

    @Override
    public String toString() {
      return "Gather(axis " + axis + " indices" + Arrays.toString(indicesShape) + ")";
    }
  }

  /** Pad modes. */
  enum PadMode { CONSTANT, REFLECT, EDGE }

  /**
   * Pad every axis by padsBegin/padsEnd (negative values crop); CONSTANT fills {@code value},
   * REFLECT mirrors without repeating the edge, EDGE repeats it.
   */
  record Pad(PadMode mode, int[] padsBegin, int[] padsEnd, double value) implements Op {
    public Pad {
      padsBegin = padsBegin.clone();
      padsEnd = padsEnd.clone();
    }

    @Override public int[] padsBegin() { return padsBegin.clone(); }
    @Override public int[] padsEnd() { return padsEnd.clone(); }

    @Override
    public String toString() {
      return "Pad(" + mode + " " + Arrays.toString(padsBegin) + Arrays.toString(padsEnd)
          + (mode == PadMode.CONSTANT ? " value " + value : "") + ")";
    }
  }

  /** Copies its input (Identity, inference Dropout). */
  record Identity() implements Op {}
}
