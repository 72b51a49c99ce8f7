package io.deepprove.aggregate;

import io.deepprove.commit.BasefoldCommitment;
import io.deepprove.commit.ModelCommitment;
import io.deepprove.commit.BasefoldPcs;
import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.pcs.Commitment;
import io.deepprove.core.pcs.OpeningProof;
import io.deepprove.core.transcript.Transcript;

/**
 * One aggregated proof: the digest of the verifying key it is for, the public input and output
 * (quantized, real entries), the trace commitment, the LogUp-GKR proof of every lookup, the
 * per-step sum-check messages in protocol order, and one batched opening per commitment.
 */
public final class Proof {

  public static final String MAGIC = "DPRF";
  /**
   * Version 2: batches (the number of inputs proved at once) and several public inputs/outputs;
   * 3: two-part model openings; 4: the requantization relation as q and the limbs opened at a
   * random point plus a sum-check over the channel variables only; 5: public values with a width
   * byte (int16 inputs of softmax-only models).
   */
  public static final int CURRENT_VERSION = 5;

  static final int DIGEST_BYTES = 32;
  private static final int MAX_VALUES = 1 << 26;
  private static final int MAX_SECTION = 1 << 28;

  private final byte[] vkDigest;
  private final int batch;
  private final long[] input;
  private final long[] output;
  private final BasefoldCommitment traceCommitment;
  private final byte[] lookupProof;
  private final byte[] steps;
  private final OpeningProof traceOpening;
  private final ModelCommitment.Opening modelOpening;

  Proof(byte[] vkDigest, long[] input, long[] output, BasefoldCommitment traceCommitment, byte[] lookupProof,
      byte[] steps, OpeningProof traceOpening, ModelCommitment.Opening modelOpening) {
    this(vkDigest, 1, input, output, traceCommitment, lookupProof, steps, traceOpening, modelOpening);
  }

  Proof(byte[] vkDigest, int batch, long[] input, long[] output, BasefoldCommitment traceCommitment,
      byte[] lookupProof, byte[] steps, OpeningProof traceOpening, ModelCommitment.Opening modelOpening) {
    this.vkDigest = vkDigest.clone();
    this.batch = batch;
    this.input = input.clone();
    this.output = output.clone();
    this.traceCommitment = traceCommitment;
    this.lookupProof = lookupProof.clone();
    this.steps = steps.clone();
    this.traceOpening = traceOpening;
    this.modelOpening = modelOpening;
  }

  public byte[] vkDigest() {
    return vkDigest.clone();
  }

  /** How many inputs the proof covers (see {@link Batching}). */
  public int batch() {
    return batch;
  }

  /**
   * The public quantized inputs (signed int8, row-major): for each of the circuit's inputs in turn,
   * its values for every sample of the batch ({@link Batching#split} separates them).
   */
  public long[] input() {
    return input.clone();
  }

  /** The public quantized outputs, laid out like {@link #input()}. */
  public long[] output() {
    return output.clone();
  }

  BasefoldCommitment traceCommitment() {
    return traceCommitment;
  }

  byte[] lookupProof() {
    return lookupProof;
  }

  byte[] steps() {
    return steps;
  }

  OpeningProof traceOpening() {
    return traceOpening;
  }

  ModelCommitment.Opening modelOpening() {
    return modelOpening;
  }

  /** Binds everything public into the transcript before the first challenge. */
  static void absorbPublic(Transcript t, byte[] vkDigest, int batch, long[] input, long[] output,
      Commitment trace) {
    t.absorbDigest("vk", vkDigest);
    t.absorbBase("batch", batch);
    t.absorbBase("input", Protocol.field(input));
    t.absorbBase("output", Protocol.field(output));
    BinaryWriter w = new BinaryWriter();
    trace.write(w);
    t.absorbBytes("trace-commitment", w.toByteArray());
  }

  public byte[] toBytes() {
    BinaryWriter w = new BinaryWriter();
    w.writeHeader(MAGIC, CURRENT_VERSION);
    w.writeRaw(vkDigest);
    w.writeInt(batch);
    writePublic(w, input);
    writePublic(w, output);
    traceCommitment.write(w);
    w.writeBytes(lookupProof);
    w.writeBytes(steps);
    traceOpening.write(w);
    modelOpening.write(w);
    return w.toByteArray();
  }

  /** Reads a proof; every malformed input is a {@link ProofFormatException} naming {@code what}. */
  public static Proof read(byte[] bytes, String what, BasefoldPcs pcs) throws ProofFormatException {
    BinaryReader r = new BinaryReader(bytes, what);
    r.readHeader(MAGIC, CURRENT_VERSION, CURRENT_VERSION);
    byte[] vk = r.readRaw(DIGEST_BYTES);
    int batch = r.readInt();
    if (batch < 1 || batch > Batching.MAX_BATCH) {
      throw r.error("batch of " + batch + " inputs (1 to " + Batching.MAX_BATCH + " allowed)");
    }
    long[] input = readPublic(r);
    long[] output = readPublic(r);
    Commitment trace = pcs.readCommitment(r);
    if (!(trace instanceof BasefoldCommitment bc)) {
      throw r.error("unexpected trace commitment type");
    }
    byte[] lookup = r.readBytes(MAX_SECTION);
    byte[] steps = r.readBytes(MAX_SECTION);
    OpeningProof traceOpening = pcs.readOpeningProof(r);
    ModelCommitment.Opening modelOpening = ModelCommitment.Opening.read(r);
    r.expectEnd();
    return new Proof(vk, batch, input, output, bc, lookup, steps, traceOpening, modelOpening);
  }

  /**
   * Public values: a width byte, 1 (int8) or 2 (int16, big-endian; only when some value needs
   * it, so the encoding is canonical), then the values (a batch's inputs dominate the proof
   * otherwise). Which values may be wide is the verifier's business (the circuit's input kinds).
   */
  private static long[] readPublic(BinaryReader r) throws ProofFormatException {
    int width = r.readByte();
    if (width != 1 && width != 2) {
      throw r.error("public values of " + width + " bytes each");
    }
    byte[] b = r.readBytes(2 * MAX_VALUES);
    if (b.length % width != 0) {
      throw r.error("public values: " + b.length + " bytes are not whole int" + (8 * width) + " values");
    }
    long[] v = new long[b.length / width];
    boolean wide = false;
    for (int i = 0; i < v.length; i++) {
      v[i] = width == 1 ? b[i] : (short) (((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF));
      wide |= v[i] < Byte.MIN_VALUE || v[i] > Byte.MAX_VALUE;
    }
    if (width == 2 && !wide) {
      throw r.error("public values written as int16 although every one is an int8");
    }
    return v;
  }

  private static void writePublic(BinaryWriter w, long[] v) {
    int width = 1;
    for (long x : v) {
      if (x < Short.MIN_VALUE || x > Short.MAX_VALUE) {
        throw new IllegalStateException("public value " + x + " is wider than int16");
      }
      if (x < Byte.MIN_VALUE || x > Byte.MAX_VALUE) {
        width = 2;
      }
    }
    byte[] b = new byte[v.length * width];
    for (int i = 0; i < v.length; i++) {
      if (width == 1) {
        b[i] = (byte) v[i];
      } else {
        b[2 * i] = (byte) (v[i] >> 8);
        b[2 * i + 1] = (byte) v[i];
      }
    }
    w.writeByte(width);
    w.writeBytes(b);
  }

  /** Serialized size in bytes. */
  public int sizeBytes() {
    return toBytes().length;
  }

  static long canonical(long signed) {
    return Goldilocks.fromSigned(signed);
  }
}
