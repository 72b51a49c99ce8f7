package io.deepprove.aggregate;

import io.deepprove.aggregate.Circuit.AvgPool;
import io.deepprove.aggregate.Circuit.Linear;
import io.deepprove.aggregate.Circuit.MaxPool;
import io.deepprove.aggregate.Circuit.Reduce;
import io.deepprove.aggregate.Circuit.Relayout;
import io.deepprove.aggregate.Circuit.Requant;
import io.deepprove.aggregate.Circuit.Requantized;
import io.deepprove.aggregate.Circuit.Step;
import io.deepprove.aggregate.Protocol.LookupSpec;
import io.deepprove.commit.BasefoldPcs;
import io.deepprove.commit.ModelCommitment;
import io.deepprove.core.codec.BinaryWriter;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.pcs.Commitment;
import io.deepprove.core.pcs.OpeningClaim;
import io.deepprove.core.pcs.OpeningProof;
import io.deepprove.core.pcs.PolynomialCommitment.Committed;
import io.deepprove.core.poly.Eq;
import io.deepprove.core.poly.Multilinear;
import io.deepprove.core.transcript.Transcript;
import io.deepprove.core.verify.VerificationException;
import io.deepprove.lookup.ColumnClaim;
import io.deepprove.lookup.ColumnRef;
import io.deepprove.lookup.LogUpGkr;
import io.deepprove.lookup.LogUpProof;
import io.deepprove.lookup.LookupClaims;
import io.deepprove.lookup.LookupStatement;
import io.deepprove.lookup.LookupWitness;
import io.deepprove.sumcheck.LinearMapSumcheck;
import io.deepprove.sumcheck.MatMulSumcheck;
import io.deepprove.sumcheck.Mle;
import io.deepprove.sumcheck.ProductShape;
import io.deepprove.sumcheck.SparseLinearMap;
import io.deepprove.sumcheck.SumcheckProver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The layered prover: runs the circuit, commits to every trace tensor and the lookup
 * multiplicities under one commitment, proves all lookups with one LogUp-GKR, proves each step's
 * relation with sum-checks that end in claims on committed tensors, weights or the public input,
 * binds the public output, and opens every trace claim and every weight claim with one batched
 * opening per commitment. The result is one {@link Proof}.
 */
public final class AggregateProver {

  private final Circuit circuit;
  private final BasefoldPcs pcs;
  private final ModelCommitment model;
  private final Map<String, long[]> weights;
  private final byte[] vkDigest;
  /** The weights in their padded layouts, made once (weights are the same for every proof and batch). */
  private final Map<String, long[]> paddedWeights;
  private boolean honest = true;

  /**
   * Test seam for the soundness tests: each channel sum-check of a requantization is run on a
   * bound accumulator shifted (at channel 0) until it sums to the target the stated q and limbs
   * fix, and then the true acc(point) is sent, so that only the sum-check's final check can catch
   * a wrong q or limb.
   */
  boolean forgeRequantSums;
  /** The batch {@link #circuit} proves (set by {@link #proveBatch}; tests set it for cheating provers). */
  int batch = 1;

  /**
   * @param model the model commitment with its prover data (recomputed from the weights at setup or
   *     load time)
   * @param weights real signed values of every WEIGHT tensor
   */
  public AggregateProver(Circuit circuit, BasefoldPcs pcs, ModelCommitment model, Map<String, long[]> weights,
      byte[] vkDigest) {
    this.circuit = circuit;
    this.pcs = pcs;
    this.model = model;
    this.weights = Map.copyOf(weights);
    this.vkDigest = vkDigest.clone();
    Map<String, long[]> padded = new java.util.HashMap<>();
    for (Circuit.Tensor t : circuit.tensors(Circuit.Kind.WEIGHT)) {
      long[] v = weights.get(t.name());
      if (v != null) {
        padded.put(t.name(), t.padded().padSigned(v));
      }
    }
    this.paddedWeights = padded;
  }

  /** A prover of a batch of {@code batch} samples, sharing the padded weights. */
  private AggregateProver(AggregateProver of, Circuit batched, int batch) {
    this.circuit = batched;
    this.pcs = of.pcs;
    this.model = of.model;
    this.weights = of.weights;
    this.vkDigest = of.vkDigest;
    this.paddedWeights = of.paddedWeights;
    this.batch = batch;
  }

  /**
   * Proves one inference on real, already quantized inputs (signed int8 values, row-major, the
   * circuit's inputs one after the other).
   */
  public Proof prove(long[] input) {
    return prove(input, null, input);
  }

  /**
   * Proves several inferences in one proof (see {@link Batching}): each sample is one input vector
   * as for {@link #prove(long[])}. The weights are opened once for the whole batch.
   */
  public Proof proveBatch(List<long[]> samples) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("a batch needs at least one input");
    }
    if (samples.size() == 1) {
      return prove(samples.get(0));
    }
    Circuit c = Batching.batched(circuit, samples.size());
    AggregateProver p = new AggregateProver(this, c, samples.size());
    long[] flat = Batching.join(circuit, circuit.inputs(), samples);
    return p.prove(flat, null, flat);
  }

  /**
   * A cheating prover for the soundness tests: {@code tamper} changes the witness after it is
   * computed, and {@code claimedInput} is the input the proof states. The prover's own consistency
   * checks are skipped when either is used, so the verifier alone has to catch the cheat.
   */
  interface Tamper {
    void apply(Witness w);
  }

  Proof prove(long[] input, Tamper tamper, long[] claimedInput) {
    Witness w = Witness.compute(circuit, input, weights, paddedWeights);
    boolean honest = tamper == null && claimedInput == input;
    if (tamper != null) {
      tamper.apply(w);
    }
    this.honest = honest;
    long[] output = publicOutput(w);
    input = claimedInput;

    // 1. lookups and the trace commitment
    List<LookupSpec> specs = Protocol.lookups(circuit);
    LookupWitness lw = null;
    if (!specs.isEmpty()) {
      LookupWitness.Builder lb = LookupWitness.builder();
      for (LookupSpec s : specs) {
        if (s.output() == null) {
          lb.add(s.table(), w.values(s.input()));
        } else {
          lb.add(s.table(), w.values(s.input()), w.values(s.output()));
        }
      }
      try {
        lw = lb.build();
      } catch (IllegalArgumentException e) {
        throw new ProvingException("a value left its lookup table (" + e.getMessage()
            + "): the input is outside the range the model was calibrated for");
      }
    }
    Map<String, Integer> traceIndex = Protocol.traceIndex(circuit);
    List<long[]> tracePolys = new ArrayList<>();
    for (Circuit.Tensor t : circuit.tensors(Circuit.Kind.TRACE)) {
      tracePolys.add(w.field(t.name()));
    }
    int multiplicityBase = tracePolys.size();
    if (lw != null) {
      for (int tb = 0; tb < lw.statement().tables().size(); tb++) {
        tracePolys.add(lw.column(ColumnRef.multiplicity(tb)));
      }
    }
    long packed = 0;
    for (long[] poly : tracePolys) {
      packed += poly.length;
    }
    int maxVars = pcs.params().maxVars();
    if (packed > 1L << maxVars) {
      throw new ProvingException("this proof's trace holds " + packed + " values"
          + (batch > 1 ? " for " + batch + " inputs" : "") + ", more than the 2^" + maxVars + " the commitment preset "
          + pcs.params().name() + " allows" + (batch > 1 ? "; prove fewer inputs per proof" : ""));
    }
    Committed trace = pcs.commit(tracePolys);

    Transcript t = new Transcript(Protocol.LABEL);
    Proof.absorbPublic(t, vkDigest, batch, input, output, trace.commitment());

    // 2. all lookups at once
    List<OpeningClaim> traceClaims = new ArrayList<>();
    List<OpeningClaim> modelClaims = new ArrayList<>();
    Claims claims = new Claims(traceIndex, traceClaims, modelClaims, w);
    byte[] lookupBytes = new byte[0];
    if (lw != null) {
      Transcript replay = t.copy();
      LogUpProof logUp = LogUpGkr.prove(lw, t);
      lookupBytes = logUp.toBytes();
      LookupClaims lc;
      try {
        lc = LogUpGkr.verify(lw.statement(), logUp, replay);
      } catch (VerificationException e) {
        throw new IllegalStateException("the prover's own lookup proof does not verify: " + e.getMessage(), e);
      }
      for (ColumnClaim cc : lc.claims()) {
        ColumnRef ref = cc.column();
        if (ref.kind() == ColumnRef.Kind.MULTIPLICITY) {
          traceClaims.add(new OpeningClaim(multiplicityBase + ref.index(), cc.point(), cc.value()));
          continue;
        }
        String tensor = ref.kind() == ColumnRef.Kind.LOOKUP_INPUT
            ? specs.get(ref.index()).input() : specs.get(ref.index()).output();
        io.deepprove.sumcheck.EvalClaim ec = Protocol.onTensor(circuit.tensor(tensor).padded(), cc.point(), cc.value());
        if (ec == null) {
          throw new IllegalStateException("degenerate lookup point");
        }
        claims.any(tensor, ec.point(), ec.value());
      }
    }

    // 3. each step's relation
    BinaryWriter steps = new BinaryWriter();
    for (Step s : circuit.steps()) {
      if (s instanceof Linear l) {
        proveLinear(l, w, t, steps, claims);
      } else if (s instanceof MaxPool p) {
        proveMaxPool(p, w, t, steps, claims);
      } else if (s instanceof Relayout r) {
        proveRelayout(r, w, t, steps, claims);
      } else if (s instanceof Circuit.Softmax sm) {
        proveSoftmax(sm, w, t, steps, claims);
      } else if (s instanceof AvgPool a) {
        proveAvgPool(a, w, t, steps, claims);
      } else if (s instanceof Reduce r) {
        proveReduce(r, w, t, steps, claims);
      } else if (s instanceof Circuit.GroupedConv g) {
        proveGroupedConv(g, w, t, steps, claims);
      } else if (s instanceof Circuit.ConvTranspose ct) {
        proveConvTranspose(ct, w, t, steps, claims);
      } else if (s instanceof Circuit.Elementwise e) {
        proveElementwise(e, w, t, steps, claims);
      } else if (s instanceof Circuit.MatMul mm) {
        proveMatMul(mm, w, t, steps, claims);
      } else if (s instanceof Circuit.MaxMin mm) {
        proveMaxMin(mm, w, t, steps, claims);
      }
      // Unary steps are proved by their lookup alone
    }

    // 4. every public output, on its real entries
    for (String name : circuit.outputs()) {
      PaddedShape os = circuit.tensor(name).padded();
      Ext2[] r = t.challengeExts("output/point", os.totalVars());
      SumcheckProver.Result bind = SumcheckProver.prove(
          io.deepprove.sumcheck.ProductShape.product(os.totalVars(), 3),
          List.of(Mle.ext(Eq.table(r)), Mle.base(Protocol.realMask(os)),
              Mle.base(w.field(name))), t);
      bind.proof().write(steps);
      Ext2 outAt = bind.finalEvaluations()[2];
      steps.writeExt(outAt);
      t.absorbExt("output/evaluation", outAt);
      claims.trace(name, bind.point(), outAt);
    }

    // 5. one opening per commitment
    OpeningProof traceOpening = pcs.open(trace.proverData(), traceClaims, t);
    Protocol.ensureModelClaim(circuit, model, modelClaims);
    ModelCommitment.Opening modelOpening = model.open(pcs, modelClaims, t);
    return new Proof(vkDigest, batch, input, output, (io.deepprove.commit.BasefoldCommitment) trace.commitment(),
        lookupBytes, steps.toByteArray(), traceOpening, modelOpening);
  }

  /** The real values of every public output, one after the other. */
  private long[] publicOutput(Witness w) {
    long[] out = new long[circuit.realSize(circuit.outputs())];
    int at = 0;
    for (String name : circuit.outputs()) {
      long[] v = circuit.tensor(name).padded().unpad(w.values(name));
      System.arraycopy(v, 0, out, at, v.length);
      at += v.length;
    }
    return out;
  }

  /** Collects opening claims, evaluating committed tensors at their points. */
  private final class Claims {
    final Map<String, Integer> traceIndex;
    final List<OpeningClaim> trace;
    final List<OpeningClaim> model;
    final Witness w;

    Claims(Map<String, Integer> traceIndex, List<OpeningClaim> trace, List<OpeningClaim> model, Witness w) {
      this.traceIndex = traceIndex;
      this.trace = trace;
      this.model = model;
      this.w = w;
    }

    /** The value of tensor {@code name} at {@code point}, and the claim that proves it (none for the input). */
    Ext2 evaluate(String name, Ext2[] point) {
      return Multilinear.evaluateBase(w.field(name), point);
    }

    void trace(String name, Ext2[] point, Ext2 value) {
      trace.add(new OpeningClaim(traceIndex.get(name), point, value));
    }

    /** Records the claim on a tensor of any kind (nothing to prove for the public input). */
    void any(String name, Ext2[] point, Ext2 value) {
      switch (circuit.tensor(name).kind()) {
        case INPUT -> { }
        case TRACE -> trace(name, point, value);
        case WEIGHT -> model.add(model(name, point, value));
        case DERIVED -> throw new IllegalStateException("a claim on derived tensor '" + name + "' left its step");
      }
    }

    private OpeningClaim model(String name, Ext2[] point, Ext2 value) {
      return AggregateProver.this.model.claim(name, point, value);
    }
  }

  /** The accumulator's value at a point (the accumulator itself is never committed). */
  private record AccClaim(Ext2[] point, Ext2 value) {}

  /** {@link #proveRequant(Circuit.Requantized, long[], Witness, Transcript, BinaryWriter, Claims)} on the step's accumulator. */
  private AccClaim proveRequant(Requantized l, Witness w, Transcript t, BinaryWriter out, Claims claims) {
    io.deepprove.sumcheck.EvalClaim e = proveRequant(l, w.accumulator(l.name()), w, t, out, claims);
    return new AccClaim(e.point(), e.value());
  }

  private void proveLinear(Linear l, Witness w, Transcript t, BinaryWriter out, Claims claims) {
    PaddedShape acc = circuit.tensor(l.out()).padded();
    int n = acc.totalVars();
    io.deepprove.sumcheck.EvalClaim accClaim = proveRequant(l, w.accumulator(l.name()), w, t, out, claims);
    Ext2[] rho = accClaim.point();

    // acc = x·W + bias (dense) or W·im2col(x) + bias (conv)
    int channelDim = l.conv() ? 1 : acc.rank() - 1;
    Ext2[] rChannel = acc.slice(rho, channelDim);
    Ext2 target = withoutBias(l.bias(), rChannel, accClaim.value(), t, out, claims);
    if (!l.conv()) {
      PaddedShape ws = circuit.tensor(l.weight()).padded();
      int rowVars = n - ws.vars(1);
      MatMulSumcheck.Dims dims = new MatMulSumcheck.Dims(rowVars, ws.vars(0), ws.vars(1));
      Ext2[] rRow = Protocol.range(rho, 0, rowVars);
      Ext2[] rCol = Protocol.range(rho, rowVars, n);
      MatMulSumcheck.Reduced mr = MatMulSumcheck.reduceSignedRight(dims, w.field(l.x()),
          w.values(l.weight()), rRow, rCol, target, t);
      mr.proof().write(out);
      claims.any(l.x(), mr.claims().left().point(), mr.claims().left().value());
      claims.any(l.weight(), mr.claims().right().point(), mr.claims().right().value());
    } else {
      PaddedShape ws = circuit.tensor(l.weight()).padded();
      int inner = ws.totalVars() - ws.vars(0);
      Ext2[] rM = rChannel;
      Ext2[] rN = acc.slice(rho, 0);
      Ext2[] rO = Protocol.range(rho, acc.vars(0) + acc.vars(1), n);
      Ext2[] rCol = Protocol.concat(rN, rO);
      MatMulSumcheck.Dims dims = new MatMulSumcheck.Dims(rM.length, inner, rCol.length);
      SparseLinearMap im2col = Im2col.convMap(circuit, l);
      long[] u = Protocol.field(im2col.applyIntegers(w.values(l.x())));
      MatMulSumcheck.Reduced mr =
          MatMulSumcheck.reduce(dims, w.field(l.weight()), u, rM, rCol, target, t);
      mr.proof().write(out);
      MatMulSumcheck.Claims mc = mr.claims();
      claims.any(l.weight(), mc.left().point(), mc.left().value());
      LinearMapSumcheck.Reduced red = reduceLinearMap(im2col, w.field(l.x()),
          mc.right().point(), mc.right().value(), t);
      red.proof().write(out);
      claims.any(l.x(), red.inputClaim().point(), red.inputClaim().value());
    }
  }

  /**
   * The requantization relation of a step (ARCHITECTURE.md, "requantization") at a random point
   * r: M·acc − 2^s·q − Σ_k 2^(8k)·limb_k = −offset holds everywhere, so its multilinear extension
   * is −offset at r ({@link Protocol#requantTarget}). q and the limbs enter linearly: their values
   * at r are sent and opened. M depends on the channel only, so the product term is a sum-check
   * over the channel variables of eq(r_c, c)·M(c)·acc(c, r_rest); with one multiplier there is
   * none. Returns the claim on acc the step must still prove.
   */
  private io.deepprove.sumcheck.EvalClaim proveRequant(Circuit.Requantized l, long[] accumulator, Witness w,
      Transcript t, BinaryWriter out, Claims claims) {
    PaddedShape acc = circuit.tensor(l.out()).padded();
    Requant rq = l.requant();
    int n = acc.totalVars();
    int realChannels = rq.channelDim() < 0 ? 1 : circuit.tensor(l.out()).shape()[rq.channelDim()];
    Ext2[] r = t.challengeExts("linear/point", n);
    long[][] eq = Protocol.splitEq(Eq.table(r));
    Ext2[] sent = new Ext2[1 + rq.limbs()];
    sent[0] = Protocol.dotEq(w.field(l.q()), eq);
    for (int k = 0; k < rq.limbs(); k++) {
      sent[1 + k] = Protocol.dotEq(w.field(l.limb(k)), eq);
    }
    writeExts(out, sent);
    t.absorbExt("requant/evaluations", sent);
    claims.trace(l.q(), r, sent[0]);
    for (int k = 0; k < rq.limbs(); k++) {
      claims.trace(l.limb(k), r, sent[1 + k]);
    }
    Ext2 target = Protocol.requantTarget(rq, sent);
    long[] accField = Protocol.field(accumulator);
    int cd = rq.channelDim();
    Ext2 accAt;
    Ext2[] point;
    if (!Protocol.requantHasChannelSumcheck(acc, rq)) {
      accAt = Protocol.dotEq(accField, eq);
      point = r;
      if (honest && !Protocol.multiplierAt(acc, rq, realChannels, r).mul(accAt).equals(target)) {
        throw new IllegalStateException("requantization of '" + l.out() + "': witness is inconsistent");
      }
    } else {
      int c = acc.vars(cd);
      int pre = Protocol.varsBefore(acc, cd);
      long[] bound = bindAllButChannel(accField, pre, c, n - pre - c, r);
      long[] m = Protocol.channelMultipliers(rq, c, realChannels);
      long[] eqC = Eq.table(acc.slice(r, cd));
      long[] summed = forgeRequantSums ? forgedBinding(bound, eqC, m, target) : bound;
      SumcheckProver.Result rel = SumcheckProver.prove(io.deepprove.sumcheck.ProductShape.product(c, 3),
          List.of(Mle.ext(eqC), Mle.base(m), Mle.ext(summed)), t);
      if (honest && !rel.claimedSum().equals(target)) {
        throw new IllegalStateException("requantization of '" + l.out() + "': witness is inconsistent");
      }
      rel.proof().write(out);
      accAt = summed == bound ? rel.finalEvaluations()[2] : Multilinear.evaluateExt(bound, rel.point());
      point = Protocol.withSlice(acc, r, cd, rel.point());
    }
    out.writeExt(accAt);
    t.absorbExt("requant/accumulator", accAt);
    return new io.deepprove.sumcheck.EvalClaim(point, accAt);
  }

  /** {@link #forgeRequantSums}: bound with A(0) shifted so that Σ_c eq(c)·M(c)·A(c) = target. */
  private static long[] forgedBinding(long[] bound, long[] eq, long[] m, Ext2 target) {
    Ext2 sum = Ext2.ZERO;
    for (int ch = 0; ch < m.length; ch++) {
      sum = sum.add(new Ext2(eq[2 * ch], eq[2 * ch + 1]).mul(new Ext2(bound[2 * ch], bound[2 * ch + 1])).mulBase(m[ch]));
    }
    Ext2 weight = new Ext2(eq[0], eq[1]).mulBase(m[0]);
    Ext2 a0 = new Ext2(bound[0], bound[1]).add(target.sub(sum).mul(weight.inv()));
    long[] forged = bound.clone();
    forged[0] = a0.c0();
    forged[1] = a0.c1();
    return forged;
  }

  /**
   * A(c) = Σ_{a, b} eq(r_pre, a)·eq(r_post, b)·acc(a, c, b) for a tensor whose variables are
   * (pre | channel | post): the accumulator's extension at r with the channel coordinates left
   * free, as 2^c interleaved extension values.
   */
  private static long[] bindAllButChannel(long[] acc, int preVars, int c, int postVars, Ext2[] r) {
    Ext2[] rest = Protocol.concat(Protocol.range(r, 0, preVars), Protocol.range(r, preVars + c, r.length));
    long[] eqRest = Eq.table(rest);
    int channels = 1 << c;
    int post = 1 << postVars;
    long[] out = new long[2 * channels];
    for (int a = 0; a < 1 << preVars; a++) {
      for (int ch = 0; ch < channels; ch++) {
        int at = (a * channels + ch) * post;
        int e = a * post;
        long s0 = out[2 * ch];
        long s1 = out[2 * ch + 1];
        for (int b = 0; b < post; b++) {
          long v = acc[at + b];
          s0 = Goldilocks.add(s0, Goldilocks.mul(v, eqRest[2 * (e + b)]));
          s1 = Goldilocks.add(s1, Goldilocks.mul(v, eqRest[2 * (e + b) + 1]));
        }
        out[2 * ch] = s0;
        out[2 * ch + 1] = s1;
      }
    }
    return out;
  }

  /**
   * Grouped convolution ({@link Circuit.GroupedConv}): the requantization, then acc − bias as
   * Σ_{m, p} eq(ρ_M, m)·W(m, p)·Ũ'(m, p, ρ_N, ρ_O) over the weight's variables, then the selection
   * U' down to a claim on x.
   */
  private void proveGroupedConv(Circuit.GroupedConv l, Witness w, Transcript t, BinaryWriter out, Claims claims) {
    Protocol.ConvTarget ct = proveConvTarget(l, l.bias(), w, t, out, claims);
    Ext2[] rM = ct.rM();
    Ext2[] rC = ct.rC();
    Ext2 target = ct.target();
    PaddedShape ws = circuit.tensor(l.weight()).padded();
    long[] x = w.field(l.x());
    long[] eqM = Eq.table(rM);
    // E(m, p) = eq(ρ_M, m), constant along p
    int rows = ws.paddedSize() >> rM.length;
    long[] e = new long[2 * ws.paddedSize()];
    for (int m = 0; m < 1 << rM.length; m++) {
      for (int p = 0; p < rows; p++) {
        e[2 * (m * rows + p)] = eqM[2 * m];
        e[2 * (m * rows + p) + 1] = eqM[2 * m + 1];
      }
    }
    long[] u = Im2col.groupedBound(circuit, l, x, Eq.table(rC));
    SumcheckProver.Result r = SumcheckProver.prove(io.deepprove.sumcheck.ProductShape.product(ws.totalVars(), 3),
        List.of(Mle.ext(e), Mle.base(w.field(l.weight())), Mle.ext(u)), t);
    if (honest && !r.claimedSum().equals(target)) {
      throw new IllegalStateException("step '" + l.name() + "': grouped accumulator is inconsistent");
    }
    r.proof().write(out);
    Ext2[] f = {r.finalEvaluations()[1], r.finalEvaluations()[2]}; // W(μ, π), V(μ, π)
    writeExts(out, f);
    t.absorbExt("grouped/evaluations", f);
    Ext2[] mp = r.point();
    claims.any(l.weight(), mp, f[0]);
    LinearMapSumcheck.Reduced red =
        reduceLinearMap(Im2col.groupedMap(circuit, l), x, Protocol.concat(mp, rC), f[1], t);
    red.proof().write(out);
    claims.any(l.x(), red.inputClaim().point(), red.inputClaim().value());
  }

  /**
   * Transposed convolution ({@link Circuit.ConvTranspose}): the requantization, then acc − bias as
   * Σ_{c, m', k} E(c, m', k)·W(c, m', k)·Ũ(c, k, ρ_N, ρ_O) over the weight's variables, then the
   * selection U down to a claim on x.
   */
  private void proveConvTranspose(Circuit.ConvTranspose l, Witness w, Transcript t, BinaryWriter out, Claims claims) {
    Protocol.ConvTarget ct = proveConvTarget(l, l.bias(), w, t, out, claims);
    PaddedShape ws = circuit.tensor(l.weight()).padded();
    long[] x = w.field(l.x());
    SumcheckProver.Result r = SumcheckProver.prove(ProductShape.product(ws.totalVars(), 3),
        List.of(Mle.ext(Im2col.transposedChannels(circuit, l, ct.rM())),
            Mle.base(w.field(l.weight())),
            Mle.ext(Im2col.transposedBound(circuit, l, x, Eq.table(ct.rC())))), t);
    if (honest && !r.claimedSum().equals(ct.target())) {
      throw new IllegalStateException("step '" + l.name() + "': transposed-convolution accumulator is inconsistent");
    }
    r.proof().write(out);
    Ext2[] f = {r.finalEvaluations()[1], r.finalEvaluations()[2]}; // W(μ), Ũ(μ_C, μ_K, ρ_C)
    writeExts(out, f);
    t.absorbExt("convtranspose/evaluations", f);
    Ext2[] mu = r.point();
    claims.any(l.weight(), mu, f[0]);
    LinearMapSumcheck.Reduced red = reduceLinearMap(Im2col.transposedMap(circuit, l), x,
        Protocol.transposedSelectionPoint(ws, mu, ct.rC()), f[1], t);
    red.proof().write(out);
    claims.any(l.x(), red.inputClaim().point(), red.inputClaim().value());
  }

  /**
   * The requantization of a convolution step whose accumulator is [N, M, O...], then the target
   * acc(ρ) − bias(ρ_M) of its weight sum-check, with ρ split into ρ_M and the column point (ρ_N, ρ_O).
   */
  private Protocol.ConvTarget proveConvTarget(Requantized l, String bias, Witness w, Transcript t, BinaryWriter out,
      Claims claims) {
    PaddedShape acc = circuit.tensor(l.out()).padded();
    AccClaim a = proveRequant(l, w, t, out, claims);
    Ext2[] rM = acc.slice(a.point(), 1);
    return new Protocol.ConvTarget(rM, Protocol.convColumns(acc, a.point()),
        withoutBias(bias, rM, a.value(), t, out, claims));
  }

  /** acc(ρ) − bias(ρ_channel), sending and claiming the bias evaluation (acc(ρ) itself without a bias). */
  private Ext2 withoutBias(String bias, Ext2[] rChannel, Ext2 acc, Transcript t, BinaryWriter out, Claims claims) {
    if (bias == null) {
      return acc;
    }
    Ext2 b = claims.evaluate(bias, rChannel);
    out.writeExt(b);
    t.absorbExt("linear/bias", b);
    claims.any(bias, rChannel, b);
    return acc.sub(b);
  }

  /** out = requant(Σ over axes of in): the requantization, then the sum map down to a claim on in. */
  private void proveReduce(Reduce r, Witness w, Transcript t, BinaryWriter out, Claims claims) {
    io.deepprove.sumcheck.EvalClaim acc = proveRequant(r, w.accumulator(r.name()), w, t, out, claims);
    LinearMapSumcheck.Reduced red = reduceLinearMap(Im2col.reduceMap(circuit, r),
        w.field(r.in()), acc.point(), acc.value(), t);
    red.proof().write(out);
    claims.any(r.in(), red.inputClaim().point(), red.inputClaim().value());
  }

  /**
   * Average pooling ({@link Circuit.AvgPool}): one sum-check for the division and slack relations
   * at a random point, openings of q, σ, w, w' there, and the pooling-sum map down to a claim on in.
   */
  private void proveAvgPool(AvgPool p, Witness w, Transcript t, BinaryWriter out, Claims claims) {
    PaddedShape os = circuit.tensor(p.out()).padded();
    int n = os.totalVars();
    Ext2[] r = t.challengeExts("avgpool/point", n);
    Ext2 lambda = t.challengeExt("avgpool/batch");
    SparseLinearMap map = Im2col.avgPoolMap(circuit, p);
    long[] x = w.field(p.in());
    List<Mle> inputs = List.of(Mle.ext(Eq.table(r)), Mle.base(Protocol.countTable(circuit, p)),
        Mle.base(w.field(p.lower())), Mle.base(map.apply(x)),
        Mle.base(w.field(p.q())), Mle.base(w.field(p.sign())),
        Mle.base(w.field(p.upper())));
    SumcheckProver.Result rel = SumcheckProver.prove(Protocol.avgPoolShape(n, lambda), inputs, t);
    if (honest && !rel.claimedSum().equals(Protocol.avgPoolClaim(lambda))) {
      throw new IllegalStateException("step '" + p.name() + "': division witness is inconsistent");
    }
    rel.proof().write(out);
    Ext2[] f = rel.finalEvaluations();
    Ext2[] rho = rel.point();
    Ext2[] sent = {f[2], f[3], f[4], f[5], f[6]}; // w, num, q, σ, w'
    writeExts(out, sent);
    t.absorbExt("avgpool/evaluations", sent);
    claims.trace(p.lower(), rho, f[2]);
    claims.trace(p.q(), rho, f[4]);
    claims.trace(p.sign(), rho, f[5]);
    claims.trace(p.upper(), rho, f[6]);
    LinearMapSumcheck.Reduced red = reduceLinearMap(map, x, rho, f[3], t);
    red.proof().write(out);
    claims.any(p.in(), red.inputClaim().point(), red.inputClaim().value());
  }

  private void proveMaxPool(MaxPool p, Witness w, Transcript t, BinaryWriter out, Claims claims) {
    // the max chain, slice by slice, at one random point of the output layout
    PaddedShape st = circuit.tensor(p.windows()).padded();
    PaddedShape os = circuit.tensor(p.out()).padded();
    Ext2[] r = t.challengeExts("pool/chain", os.totalVars());
    int kBits = st.vars(0);
    int kReal = p.geometry().kernelSize();
    // all padded slices, so that one random combination over k replaces K openings per tensor
    int kPadded = 1 << kBits;
    Ext2[] sent = new Ext2[3 * kPadded + 1];
    // slice k of a stacked tensor at r is the tensor at (bits of k, r): evaluate K slices, not K full tensors
    long[] xs = w.field(p.windows());
    long[] ds = w.field(p.differences());
    long[] gs = w.field(p.gains());
    int plane = xs.length >> kBits;
    for (int k = 0; k < kPadded; k++) {
      sent[3 * k] = Multilinear.evaluateBase(java.util.Arrays.copyOfRange(xs, k * plane, (k + 1) * plane), r);
      sent[3 * k + 1] = Multilinear.evaluateBase(java.util.Arrays.copyOfRange(ds, k * plane, (k + 1) * plane), r);
      sent[3 * k + 2] = Multilinear.evaluateBase(java.util.Arrays.copyOfRange(gs, k * plane, (k + 1) * plane), r);
    }
    sent[3 * kPadded] = claims.evaluate(p.out(), r);
    writeExts(out, sent);
    t.absorbExt("pool/chain-evaluations", sent);
    Ext2[] tau = t.challengeExts("pool/slices", kBits);
    Ext2[] combined = Protocol.combineSlices(sent, tau);
    Ext2[] at = Protocol.concat(tau, r);
    claims.trace(p.differences(), at, combined[1]);
    claims.trace(p.gains(), at, combined[2]);
    claims.trace(p.out(), r, sent[3 * kPadded]);
    // the window stack is never committed: X = Pool(x) + fill, so its claim becomes one on x
    LinearMapSumcheck.Reduced red = reduceLinearMap(Im2col.poolMap(circuit, p), w.field(p.in()), at,
        combined[0].sub(Protocol.poolFillAt(circuit, p, at)), t);
    red.proof().write(out);
    claims.any(p.in(), red.inputClaim().point(), red.inputClaim().value());
  }

  private void proveRelayout(Relayout rl, Witness w, Transcript t, BinaryWriter out, Claims claims) {
    PaddedShape os = circuit.tensor(rl.out()).padded();
    Ext2[] r = t.challengeExts("relayout/point", os.totalVars());
    Ext2 v = claims.evaluate(rl.out(), r);
    out.writeExt(v);
    t.absorbExt("relayout/evaluation", v);
    claims.trace(rl.out(), r, v);
    LinearMapSumcheck.Reduced red = reduceLinearMap(Protocol.relayoutMap(circuit, rl),
        w.field(rl.in()), r, v.sub(Protocol.fillAt(circuit, rl, r)), t);
    red.proof().write(out);
    claims.any(rl.in(), red.inputClaim().point(), red.inputClaim().value());
  }

  /**
   * {@link LinearMapSumcheck#prove}: a claim ỹ(r) = claim on y = M·x becomes one on x. The honest
   * prover keeps its self-check (the claim must be ỹ(r)). A cheating prover ({@link Tamper}) may
   * hold a claim that is not, e.g. a window stack or a padded output whose fill cells are not the
   * public fill: it proves the true ỹ(r) instead, the same sum-check a prover without the
   * self-check would send (the claim is not part of the proof), so the verifier, which derives the
   * claim itself, is left to catch it at the first round.
   */
  private LinearMapSumcheck.Reduced reduceLinearMap(SparseLinearMap map, long[] x, Ext2[] r, Ext2 claim,
      Transcript t) {
    Ext2 proved = honest ? claim : Multilinear.evaluateBase(map.apply(x), r);
    return LinearMapSumcheck.prove(map, x, r, proved, t);
  }

  /** One batched sum-check for a softmax step ({@link Protocol#softmaxShape}). */
  private void proveSoftmax(Circuit.Softmax s, Witness w, Transcript t, BinaryWriter out, Claims claims) {
    PaddedShape el = circuit.tensor(s.in()).padded();
    PaddedShape rows = circuit.tensor(s.max()).padded();
    int n = el.totalVars();
    Ext2[] r = t.challengeExts("softmax/point", n);
    Ext2[] rRow = t.challengeExts("softmax/rows", rows.totalVars());
    Ext2 sumAt = claims.evaluate(s.sum(), rRow);
    out.writeExt(sumAt);
    t.absorbExt("softmax/sum", sumAt);
    claims.trace(s.sum(), rRow, sumAt);
    Ext2 alpha = t.challengeExt("softmax/batch");
    List<String> factors = Protocol.softmaxFactors(s);
    List<String> rowTensors = s.rowTensors();
    List<Mle> inputs = new ArrayList<>();
    inputs.add(Mle.ext(Eq.table(r)));
    inputs.add(Mle.base(Protocol.realMask(el)));
    inputs.add(Mle.ext(Protocol.broadcastRows(el, Eq.table(rRow), 2)));
    for (String f : factors) {
      long[] v = w.field(f);
      inputs.add(Mle.base(rowTensors.contains(f) ? Protocol.broadcastRows(el, v, 1) : v));
    }
    SumcheckProver.Result rel = SumcheckProver.prove(Protocol.softmaxShape(s, n, alpha), inputs, t);
    if (honest && !rel.claimedSum().equals(
        Protocol.softmaxClaim(alpha, sumAt, Protocol.realMaskAt(rows, rRow)))) {
      throw new IllegalStateException("step '" + s.name() + "': softmax witness is inconsistent");
    }
    rel.proof().write(out);
    Ext2[] fin = rel.finalEvaluations();
    Ext2[] sent = java.util.Arrays.copyOfRange(fin, Protocol.SOFTMAX_FIXED, fin.length);
    writeExts(out, sent);
    t.absorbExt("softmax/evaluations", sent);
    Ext2[] rho = rel.point();
    Ext2[] rhoRow = Protocol.rowPoint(el, rho);
    for (int k = 0; k < factors.size(); k++) {
      String f = factors.get(k);
      claims.any(f, rowTensors.contains(f) ? rhoRow : rho, sent[k]);
    }
  }

  /**
   * acc = Σ_t c_t·Π_f f, factors broadcast: an affine combination is read off the factors' values at
   * ρ; otherwise one sum-check of Σ_x eq(ρ, x)·Σ_t c_t·Π_f f(x) = acc(ρ) moves every factor to one
   * new point. Broadcast factors are claimed at the coordinates of their own axes.
   */
  private void proveElementwise(Circuit.Elementwise e, Witness w, Transcript t, BinaryWriter out, Claims claims) {
    PaddedShape os = circuit.tensor(e.out()).padded();
    AccClaim acc = proveRequant(e, w, t, out, claims);
    List<String> fs = e.factors();
    Ext2[] values = new Ext2[fs.size()];
    Ext2[] at;
    if (Protocol.isAffine(e)) {
      at = acc.point();
      for (int k = 0; k < values.length; k++) {
        String f = fs.get(k);
        values[k] = claims.evaluate(f, Protocol.broadcastPoint(os, circuit.tensor(f).shape(), at));
      }
    } else {
      List<Mle> inputs = new ArrayList<>();
      inputs.add(Mle.ext(Eq.table(acc.point())));
      for (String f : fs) {
        inputs.add(Mle.base(Protocol.field(Protocol.broadcast(os, circuit.tensor(f).padded(), w.values(f)))));
      }
      SumcheckProver.Result rel = SumcheckProver.prove(Protocol.elementwiseShape(os.totalVars(), e), inputs, t);
      if (honest && !rel.claimedSum().equals(acc.value())) {
        throw new IllegalStateException("step '" + e.name() + "': accumulator is inconsistent");
      }
      rel.proof().write(out);
      at = rel.point();
      System.arraycopy(rel.finalEvaluations(), 1, values, 0, values.length);
    }
    writeExts(out, values);
    t.absorbExt("elementwise/evaluations", values);
    for (int k = 0; k < values.length; k++) {
      String f = fs.get(k);
      claims.any(f, Protocol.broadcastPoint(os, circuit.tensor(f).shape(), at), values[k]);
    }
  }

  /**
   * acc(ρ) − addendCoef·c(ρ) = productCoef·Σ_{t, p} eq(ρ_t, t)·mask(p)·A(t, ρ_i, p)·B(t, p, ρ_j): one
   * sum-check over the batch and inner variables (mask: real inner indices only), ending in one
   * claim on each operand.
   */
  private void proveMatMul(Circuit.MatMul mm, Witness w, Transcript t, BinaryWriter out, Claims claims) {
    PaddedShape os = circuit.tensor(mm.out()).padded();
    AccClaim acc = proveRequant(mm, w, t, out, claims);
    MatMulShape ms = MatMulShape.of(circuit, mm);
    Ext2[] rho = acc.point();
    Ext2 target = acc.value();
    if (mm.c() != null) {
      Ext2[] pc = Protocol.broadcastPoint(os, circuit.tensor(mm.c()).shape(), rho);
      Ext2 cv = claims.evaluate(mm.c(), pc);
      out.writeExt(cv);
      t.absorbExt("matmul/addend", cv);
      claims.any(mm.c(), pc, cv);
      target = target.sub(cv.mulBase(Goldilocks.fromSigned(mm.addendCoef())));
    }
    Ext2[][] split = ms.splitOutput(rho);
    int bv = ms.batchVars();
    int kv = ms.kVars();
    int tp = 1 << bv;
    int kp = 1 << kv;
    int mp = 1 << ms.mVars();
    int np = os.paddedSize() / (tp * mp);
    long[] eqT = Eq.table(split[0]);
    long[] em = new long[2 * tp * kp];
    for (int i = 0; i < tp; i++) {
      for (int p = 0; p < ms.k(); p++) {
        em[2 * (i * kp + p)] = eqT[2 * i];
        em[2 * (i * kp + p) + 1] = eqT[2 * i + 1];
      }
    }
    long[] af = fold(w.field(mm.a()), ms.batchMap(true), Eq.table(split[1]), mp, kp,
        ms.transA() ? 1 : kp, ms.transA() ? mp : 1);
    long[] bf = fold(w.field(mm.b()), ms.batchMap(false), Eq.table(split[2]), np, kp,
        ms.transB() ? kp : 1, ms.transB() ? 1 : np);
    ProductShape shape = Protocol.matMulShape(bv + kv, mm);
    SumcheckProver.Result rel = SumcheckProver.prove(shape, List.of(Mle.ext(em), Mle.ext(af), Mle.ext(bf)), t);
    if (honest && !rel.claimedSum().equals(target)) {
      throw new IllegalStateException("step '" + mm.name() + "': accumulator is inconsistent");
    }
    rel.proof().write(out);
    Ext2[] f = rel.finalEvaluations();
    Ext2[] sent = {f[1], f[2]};
    writeExts(out, sent);
    t.absorbExt("matmul/evaluations", sent);
    Ext2[] point = rel.point();
    Ext2[] tStar = Protocol.range(point, 0, bv);
    Ext2[] pStar = Protocol.range(point, bv, bv + kv);
    claims.any(mm.a(), ms.operandPoint(true, tStar, split[1], pStar), f[1]);
    claims.any(mm.b(), ms.operandPoint(false, tStar, split[2], pStar), f[2]);
  }

  /**
   * F(t, p) = Σ_o eq(r_o, o)·X[map[t], o, p] over an operand's padded matrices (o: the outer axis of
   * {@code outer} padded entries at stride {@code outerStride}, p at stride {@code innerStride}).
   */
  private static long[] fold(long[] x, int[] map, long[] eq, int outer, int kp, int outerStride, int innerStride) {
    long[] r = new long[2 * map.length * kp];
    for (int t = 0; t < map.length; t++) {
      int off = map[t] * outer * kp;
      int to = 2 * t * kp;
      for (int o = 0; o < outer; o++) {
        long e0 = eq[2 * o];
        long e1 = eq[2 * o + 1];
        int base = off + o * outerStride;
        for (int p = 0; p < kp; p++) {
          long v = x[base + p * innerStride];
          if (v == 0) {
            continue;
          }
          r[to + 2 * p] = Goldilocks.add(r[to + 2 * p], Goldilocks.mul(e0, v));
          r[to + 2 * p + 1] = Goldilocks.add(r[to + 2 * p + 1], Goldilocks.mul(e1, v));
        }
      }
    }
    return r;
  }

  /** The max/min chain at one random point of the output: every input, difference, gain and the output. */
  private void proveMaxMin(Circuit.MaxMin mm, Witness w, Transcript t, BinaryWriter out, Claims claims) {
    PaddedShape os = circuit.tensor(mm.out()).padded();
    Ext2[] r = t.challengeExts("maxmin/point", os.totalVars());
    List<Protocol.At> at = Protocol.maxMinPoints(circuit, mm, r);
    Ext2[] sent = new Ext2[at.size()];
    for (int i = 0; i < sent.length; i++) {
      sent[i] = claims.evaluate(at.get(i).tensor(), at.get(i).point());
    }
    writeExts(out, sent);
    t.absorbExt("maxmin/evaluations", sent);
    for (int i = 0; i < sent.length; i++) {
      claims.any(at.get(i).tensor(), at.get(i).point(), sent[i]);
    }
  }

  private static void writeExts(BinaryWriter out, Ext2[] xs) {
    for (Ext2 x : xs) {
      out.writeExt(x);
    }
  }
}
