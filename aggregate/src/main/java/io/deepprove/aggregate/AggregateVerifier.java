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
import io.deepprove.core.codec.BinaryReader;
import io.deepprove.core.codec.ProofFormatException;
import io.deepprove.core.field.Ext2;
import io.deepprove.core.field.Goldilocks;
import io.deepprove.core.pcs.OpeningClaim;
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
import io.deepprove.sumcheck.LinearMapSumcheck;
import io.deepprove.sumcheck.MatMulSumcheck;
import io.deepprove.sumcheck.ProductShape;
import io.deepprove.sumcheck.SubClaim;
import io.deepprove.sumcheck.SumcheckProof;
import io.deepprove.sumcheck.SumcheckVerifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Checks a {@link Proof} against a circuit and a model commitment, step for step in the order
 * {@link AggregateProver} produced it. It never sees weights: every claim on a weight becomes part
 * of the batched model opening, every claim on a trace tensor part of the batched trace opening,
 * and claims on the public input are evaluated directly.
 */
public final class AggregateVerifier {

  private final Circuit circuit;
  private final BasefoldPcs pcs;
  private final ModelCommitment model;
  private final byte[] vkDigest;
  private final BatchMaps maps;

  public AggregateVerifier(Circuit circuit, BasefoldPcs pcs, ModelCommitment model, byte[] vkDigest) {
    this(circuit, pcs, model, vkDigest, BatchMaps.single(circuit));
  }

  private AggregateVerifier(Circuit circuit, BasefoldPcs pcs, ModelCommitment model, byte[] vkDigest,
      BatchMaps maps) {
    this.circuit = circuit;
    this.pcs = pcs;
    this.model = model;
    this.vkDigest = vkDigest.clone();
    this.maps = maps;
  }

  /** Accepts or throws {@link VerificationException} naming the failed check. */
  public void verify(Proof proof) throws VerificationException {
    if (!Arrays.equals(proof.vkDigest(), vkDigest)) {
      throw new VerificationException(AggregateCheck.VERIFYING_KEY, "the proof was made for another verifying key");
    }
    int b = proof.batch();
    if (b < 1 || b > Batching.MAX_BATCH || (long) b * circuit.realSize(circuit.inputs()) != proof.input().length
        || (long) b * circuit.realSize(circuit.outputs()) != proof.output().length) {
      throw new VerificationException(AggregateCheck.PUBLIC_SHAPES, "input or output has the wrong number of values");
    }
    if (b == 1) {
      check(proof);
    } else {
      Circuit c;
      try {
        c = Batching.batched(circuit, b);
      } catch (IllegalArgumentException e) {
        throw new VerificationException(AggregateCheck.PUBLIC_SHAPES, "this model cannot be proved in batches: "
            + e.getMessage());
      }
      new AggregateVerifier(c, pcs, model, vkDigest, BatchMaps.of(circuit, c, b)).check(proof);
    }
  }

  /** Verifies a proof whose batch this verifier's circuit already is. */
  private void check(Proof proof) throws VerificationException {
    if (proof.input().length != circuit.realSize(circuit.inputs())
        || proof.output().length != circuit.realSize(circuit.outputs())) {
      throw new VerificationException(AggregateCheck.PUBLIC_SHAPES, "input or output has the wrong number of values");
    }
    // the circuit's bounds (accumulators, lookup domains) assume int8 inputs except where it says int16
    long[] input = proof.input();
    int at = 0;
    for (String name : circuit.inputs()) {
      Circuit.Kind kind = circuit.tensor(name).kind();
      int n = (int) circuit.tensor(name).padded().realSize();
      for (int i = at; i < at + n; i++) {
        if (Math.abs(input[i]) > kind.inputBound()) {
          throw new VerificationException(AggregateCheck.PUBLIC_INPUT_RANGE, "input '" + name + "' holds "
              + input[i] + ", outside ±" + kind.inputBound());
        }
      }
      at += n;
    }
    List<LookupSpec> specs = Protocol.lookups(circuit);
    LookupStatement statement = specs.isEmpty() ? null : Protocol.statement(specs);
    int tables = statement == null ? 0 : statement.tables().size();
    Map<String, Integer> traceIndex = Protocol.traceIndex(circuit);
    List<Circuit.Tensor> traceTensors = circuit.tensors(Circuit.Kind.TRACE);
    int[] expectedVars = new int[traceTensors.size() + tables];
    for (int i = 0; i < traceTensors.size(); i++) {
      expectedVars[i] = traceTensors.get(i).padded().totalVars();
    }
    for (int tb = 0; tb < tables; tb++) {
      expectedVars[traceTensors.size() + tb] = statement.tables().get(tb).numVars();
    }
    if (!Arrays.equals(proof.traceCommitment().numVars(), expectedVars)
        || !proof.traceCommitment().params().equals(pcs.params())) {
      throw new VerificationException(AggregateCheck.TRACE_COMMITMENT_SHAPE,
          "the trace commitment does not hold the circuit's tensors with the expected parameters");
    }
    Map<String, long[]> inputField = Protocol.publicValues(circuit, circuit.inputs(), proof.input());

    Transcript t = new Transcript(Protocol.LABEL);
    Proof.absorbPublic(t, vkDigest, proof.batch(), proof.input(), proof.output(), proof.traceCommitment());

    List<OpeningClaim> traceClaims = new ArrayList<>();
    List<OpeningClaim> modelClaims = new ArrayList<>();
    Claims claims = new Claims(traceIndex, traceClaims, modelClaims, inputField);
    if (statement == null) {
      if (proof.lookupProof().length != 0) {
        throw new VerificationException(AggregateCheck.FORMAT, "a lookup proof for a circuit without lookups");
      }
    } else {
      LookupClaims lc;
      try {
        lc = LogUpGkr.verify(statement, LogUpProof.read(proof.lookupProof(), statement), t);
      } catch (ProofFormatException e) {
        throw new VerificationException(AggregateCheck.FORMAT, e.getMessage());
      }
      int multiplicityBase = traceTensors.size();
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
          throw new VerificationException(AggregateCheck.FORMAT, "degenerate lookup point");
        }
        claims.any(tensor, ec.point(), ec.value());
      }
    }

    BinaryReader in = new BinaryReader(proof.steps(), "proof steps");
    try {
      for (Step s : circuit.steps()) {
        if (s instanceof Linear l) {
          verifyLinear(l, t, in, claims);
        } else if (s instanceof MaxPool p) {
          verifyMaxPool(p, t, in, claims);
        } else if (s instanceof Relayout r) {
          verifyRelayout(r, t, in, claims);
        } else if (s instanceof Circuit.Softmax sm) {
          verifySoftmax(sm, t, in, claims);
        } else if (s instanceof AvgPool a) {
          verifyAvgPool(a, t, in, claims);
        } else if (s instanceof Reduce r) {
          verifyReduce(r, t, in, claims);
        } else if (s instanceof Circuit.GroupedConv g) {
          verifyGroupedConv(g, t, in, claims);
        } else if (s instanceof Circuit.ConvTranspose ct) {
          verifyConvTranspose(ct, t, in, claims);
        } else if (s instanceof Circuit.Elementwise e) {
          verifyElementwise(e, t, in, claims);
        } else if (s instanceof Circuit.MatMul mm) {
          verifyMatMul(mm, t, in, claims);
        } else if (s instanceof Circuit.MaxMin mm) {
          verifyMaxMin(mm, t, in, claims);
        }
      }
      // every public output on its real entries
      Map<String, long[]> outputs = Protocol.publicValues(circuit, circuit.outputs(), proof.output());
      for (String name : circuit.outputs()) {
        PaddedShape os = circuit.tensor(name).padded();
        Ext2[] r = t.challengeExts("output/point", os.totalVars());
        Ext2 publicAt = Multilinear.evaluateBase(outputs.get(name), r);
        SumcheckProof bind = SumcheckProof.read(in);
        SubClaim sub = SumcheckVerifier.reduce(os.totalVars(), 3, publicAt, bind, t);
        Ext2 outAt = in.readExt();
        Ext2[] rho = sub.point();
        sub.close(Eq.evaluate(r, rho).mul(Protocol.realMaskAt(os, rho)).mul(outAt));
        t.absorbExt("output/evaluation", outAt);
        claims.trace(name, rho, outAt);
      }
      in.expectEnd();
    } catch (ProofFormatException e) {
      throw new VerificationException(AggregateCheck.FORMAT, e.getMessage());
    }

    pcs.verify(proof.traceCommitment(), traceClaims, proof.traceOpening(), t);
    Protocol.ensureModelClaim(circuit, model, modelClaims);
    model.verify(pcs, modelClaims, proof.modelOpening(), t);
  }

  /** Collects the opening claims; evaluates claims on the public input on the spot. */
  private final class Claims {
    final Map<String, Integer> traceIndex;
    final List<OpeningClaim> trace;
    final List<OpeningClaim> model;
    final Map<String, long[]> input;

    Claims(Map<String, Integer> traceIndex, List<OpeningClaim> trace, List<OpeningClaim> model,
        Map<String, long[]> input) {
      this.traceIndex = traceIndex;
      this.trace = trace;
      this.model = model;
      this.input = input;
    }

    void trace(String name, Ext2[] point, Ext2 value) {
      trace.add(new OpeningClaim(traceIndex.get(name), point, value));
    }

    void any(String name, Ext2[] point, Ext2 value) throws VerificationException {
      switch (circuit.tensor(name).kind()) {
        case INPUT -> {
          if (!Multilinear.evaluateBase(input.get(name), point).equals(value)) {
            throw new VerificationException(AggregateCheck.PUBLIC_INPUT,
                "the proof's claim on the input does not match the public input");
          }
        }
        case TRACE -> trace(name, point, value);
        case WEIGHT -> model.add(AggregateVerifier.this.model.claim(name, point, value));
        case DERIVED -> throw new IllegalStateException("a claim on derived tensor '" + name + "' left its step");
      }
    }
  }

  private void verifyLinear(Linear l, Transcript t, BinaryReader in, Claims claims)
      throws VerificationException, ProofFormatException {
    PaddedShape acc = circuit.tensor(l.out()).padded();
    int n = acc.totalVars();
    io.deepprove.sumcheck.EvalClaim accClaim = verifyRequant(l, t, in, claims);
    Ext2[] rho = accClaim.point();

    int channelDim = l.conv() ? 1 : acc.rank() - 1;
    Ext2[] rChannel = acc.slice(rho, channelDim);
    Ext2 target = withoutBias(l.bias(), rChannel, accClaim.value(), t, in, claims);
    if (!l.conv()) {
      PaddedShape ws = circuit.tensor(l.weight()).padded();
      int rowVars = n - ws.vars(1);
      MatMulSumcheck.Dims dims = new MatMulSumcheck.Dims(rowVars, ws.vars(0), ws.vars(1));
      Ext2[] rRow = Protocol.range(rho, 0, rowVars);
      Ext2[] rCol = Protocol.range(rho, rowVars, n);
      MatMulSumcheck.Claims mc = MatMulSumcheck.verify(dims, rRow, rCol, target, MatMulSumcheck.Proof.read(in), t);
      claims.any(l.x(), mc.left().point(), mc.left().value());
      claims.any(l.weight(), mc.right().point(), mc.right().value());
    } else {
      PaddedShape ws = circuit.tensor(l.weight()).padded();
      int inner = ws.totalVars() - ws.vars(0);
      Ext2[] rN = acc.slice(rho, 0);
      Ext2[] rO = Protocol.range(rho, acc.vars(0) + acc.vars(1), n);
      Ext2[] rCol = Protocol.concat(rN, rO);
      MatMulSumcheck.Dims dims = new MatMulSumcheck.Dims(rChannel.length, inner, rCol.length);
      MatMulSumcheck.Claims mc = MatMulSumcheck.verify(dims, rChannel, rCol, target, MatMulSumcheck.Proof.read(in), t);
      claims.any(l.weight(), mc.left().point(), mc.left().value());
      io.deepprove.sumcheck.EvalClaim xc = LinearMapSumcheck.verify(maps.map(l, Im2col::convMap, Im2col::convRowVars),
          mc.right().point(), mc.right().value(), LinearMapSumcheck.Proof.read(in), t);
      claims.any(l.x(), xc.point(), xc.value());
    }
  }

  /**
   * The requantization relation of a step ({@code AggregateProver.proveRequant}); returns the
   * claim on acc the step must still prove.
   */
  private io.deepprove.sumcheck.EvalClaim verifyRequant(Circuit.Requantized l, Transcript t, BinaryReader in,
      Claims claims) throws VerificationException, ProofFormatException {
    PaddedShape acc = circuit.tensor(l.out()).padded();
    Requant rq = l.requant();
    int n = acc.totalVars();
    int realChannels = rq.channelDim() < 0 ? 1 : circuit.tensor(l.out()).shape()[rq.channelDim()];
    Ext2[] r = t.challengeExts("linear/point", n);
    Ext2[] sent = new Ext2[1 + rq.limbs()];
    for (int i = 0; i < sent.length; i++) {
      sent[i] = in.readExt();
    }
    t.absorbExt("requant/evaluations", sent);
    claims.trace(l.q(), r, sent[0]);
    for (int k = 0; k < rq.limbs(); k++) {
      claims.trace(l.limb(k), r, sent[1 + k]);
    }
    Ext2 target = Protocol.requantTarget(rq, sent);
    Ext2 accAt;
    Ext2[] point;
    if (!Protocol.requantHasChannelSumcheck(acc, rq)) {
      accAt = in.readExt();
      point = r;
      if (!Protocol.multiplierAt(acc, rq, realChannels, r).mul(accAt).equals(target)) {
        throw new VerificationException(AggregateCheck.REQUANTIZATION,
            "step '" + l.out() + "': M·acc(r) ≠ 2^s·q(r) + rem(r) − offset");
      }
    } else {
      int cd = rq.channelDim();
      int c = acc.vars(cd);
      ProductShape shape = ProductShape.product(c, 3);
      SumcheckProof rel = SumcheckProof.read(in);
      SubClaim sub = SumcheckVerifier.reduce(c, 3, target, rel, t);
      accAt = in.readExt();
      point = Protocol.withSlice(acc, r, cd, sub.point());
      sub.closeWithFactors(shape, new Ext2[] {
          Eq.evaluate(acc.slice(r, cd), sub.point()), Protocol.multiplierAt(acc, rq, realChannels, point), accAt});
    }
    t.absorbExt("requant/accumulator", accAt);
    return new io.deepprove.sumcheck.EvalClaim(point, accAt);
  }

  /**
   * The requantization of an [N, M, O...] convolution step, then the target acc(ρ) − bias(ρ_M) of
   * its weight sum-check.
   */
  private Protocol.ConvTarget verifyConvTarget(Circuit.Requantized l, String bias, Transcript t, BinaryReader in,
      Claims claims) throws VerificationException, ProofFormatException {
    PaddedShape acc = circuit.tensor(l.out()).padded();
    io.deepprove.sumcheck.EvalClaim a = verifyRequant(l, t, in, claims);
    Ext2[] rM = acc.slice(a.point(), 1);
    return new Protocol.ConvTarget(rM, Protocol.convColumns(acc, a.point()),
        withoutBias(bias, rM, a.value(), t, in, claims));
  }

  /** acc(ρ) − bias(ρ_channel) with the bias evaluation read and claimed (acc(ρ) itself without a bias). */
  private Ext2 withoutBias(String bias, Ext2[] rChannel, Ext2 acc, Transcript t, BinaryReader in, Claims claims)
      throws VerificationException, ProofFormatException {
    if (bias == null) {
      return acc;
    }
    Ext2 b = in.readExt();
    t.absorbExt("linear/bias", b);
    claims.any(bias, rChannel, b);
    return acc.sub(b);
  }

  /** See {@link Circuit.GroupedConv}. */
  private void verifyGroupedConv(Circuit.GroupedConv l, Transcript t, BinaryReader in, Claims claims)
      throws VerificationException, ProofFormatException {
    Protocol.ConvTarget ct = verifyConvTarget(l, l.bias(), t, in, claims);
    Ext2[] rM = ct.rM();
    Ext2[] rC = ct.rC();
    Ext2 target = ct.target();
    int vars = circuit.tensor(l.weight()).padded().totalVars();
    SubClaim sub = SumcheckVerifier.reduce(vars, 3, target, SumcheckProof.read(in), t);
    Ext2[] f = {in.readExt(), in.readExt()}; // W(μ, π), V(μ, π)
    Ext2[] mp = sub.point();
    sub.close(Eq.evaluate(rM, Protocol.range(mp, 0, rM.length)).mul(f[0]).mul(f[1]));
    t.absorbExt("grouped/evaluations", f);
    claims.any(l.weight(), mp, f[0]);
    io.deepprove.sumcheck.EvalClaim xc = LinearMapSumcheck.verify(maps.map(l, Im2col::groupedMap, Im2col::groupedColumnsAt),
        Protocol.concat(mp, rC), f[1], LinearMapSumcheck.Proof.read(in), t);
    claims.any(l.x(), xc.point(), xc.value());
  }

  /** See {@link Circuit.ConvTranspose}. */
  private void verifyConvTranspose(Circuit.ConvTranspose l, Transcript t, BinaryReader in, Claims claims)
      throws VerificationException, ProofFormatException {
    Protocol.ConvTarget ct = verifyConvTarget(l, l.bias(), t, in, claims);
    PaddedShape ws = circuit.tensor(l.weight()).padded();
    SubClaim sub = SumcheckVerifier.reduce(ws.totalVars(), 3, ct.target(), SumcheckProof.read(in), t);
    Ext2[] f = {in.readExt(), in.readExt()}; // W(μ), Ũ(μ_C, μ_K, ρ_C)
    Ext2[] mu = sub.point();
    sub.close(Im2col.transposedChannelsAt(circuit, l, ct.rM(), mu).mul(f[0]).mul(f[1]));
    t.absorbExt("convtranspose/evaluations", f);
    claims.any(l.weight(), mu, f[0]);
    io.deepprove.sumcheck.EvalClaim xc = LinearMapSumcheck.verify(maps.map(l, Im2col::transposedMap, Im2col::transposedColumnsAt),
        Protocol.transposedSelectionPoint(ws, mu, ct.rC()), f[1], LinearMapSumcheck.Proof.read(in), t);
    claims.any(l.x(), xc.point(), xc.value());
  }

  private void verifyReduce(Reduce r, Transcript t, BinaryReader in, Claims claims)
      throws VerificationException, ProofFormatException {
    io.deepprove.sumcheck.EvalClaim acc = verifyRequant(r, t, in, claims);
    io.deepprove.sumcheck.EvalClaim xc = LinearMapSumcheck.verify(maps.map(r, Im2col::reduceMap, (c, s) -> 0), acc.point(),
        acc.value(), LinearMapSumcheck.Proof.read(in), t);
    claims.any(r.in(), xc.point(), xc.value());
  }

  /** See {@link Circuit.AvgPool}: the division and slack relations, then the pooling-sum map. */
  private void verifyAvgPool(AvgPool p, Transcript t, BinaryReader in, Claims claims)
      throws VerificationException, ProofFormatException {
    PaddedShape os = circuit.tensor(p.out()).padded();
    int n = os.totalVars();
    Ext2[] r = t.challengeExts("avgpool/point", n);
    Ext2 lambda = t.challengeExt("avgpool/batch");
    ProductShape shape = Protocol.avgPoolShape(n, lambda);
    SumcheckProof rel = SumcheckProof.read(in);
    SubClaim sub = SumcheckVerifier.reduce(n, shape.degree(), Protocol.avgPoolClaim(lambda), rel, t);
    Ext2[] sent = new Ext2[5]; // w, num, q, σ, w'
    for (int i = 0; i < sent.length; i++) {
      sent[i] = in.readExt();
    }
    Ext2[] rho = sub.point();
    sub.closeWithFactors(shape, new Ext2[] {Eq.evaluate(r, rho), Protocol.countAt(circuit, p, rho), sent[0], sent[1],
        sent[2], sent[3], sent[4]});
    t.absorbExt("avgpool/evaluations", sent);
    claims.trace(p.lower(), rho, sent[0]);
    claims.trace(p.q(), rho, sent[2]);
    claims.trace(p.sign(), rho, sent[3]);
    claims.trace(p.upper(), rho, sent[4]);
    io.deepprove.sumcheck.EvalClaim xc = LinearMapSumcheck.verify(maps.map(p, Im2col::avgPoolMap, (c, s) -> 0), rho, sent[1],
        LinearMapSumcheck.Proof.read(in), t);
    claims.any(p.in(), xc.point(), xc.value());
  }

  private void verifyMaxPool(MaxPool p, Transcript t, BinaryReader in, Claims claims)
      throws VerificationException, ProofFormatException {
    PaddedShape st = circuit.tensor(p.windows()).padded();
    PaddedShape os = circuit.tensor(p.out()).padded();
    Ext2[] r = t.challengeExts("pool/chain", os.totalVars());
    int kBits = st.vars(0);
    int kReal = p.geometry().kernelSize();
    int kPadded = 1 << kBits;
    Ext2[] sent = new Ext2[3 * kPadded + 1];
    for (int i = 0; i < sent.length; i++) {
      sent[i] = in.readExt();
    }
    // D[0] = 0 (so G[0] = relu(0) = 0); D[k] = X[k−1] + G[k−1] − X[k]; out = X[K−1] + G[K−1]
    if (!sent[1].isZero()) {
      throw new VerificationException(AggregateCheck.MAX_POOL_CHAIN, "step '" + p.name() + "': first difference");
    }
    for (int k = 1; k < kReal; k++) {
      Ext2 expected = sent[3 * (k - 1)].add(sent[3 * (k - 1) + 2]).sub(sent[3 * k]);
      if (!sent[3 * k + 1].equals(expected)) {
        throw new VerificationException(AggregateCheck.MAX_POOL_CHAIN, "step '" + p.name() + "': difference " + k);
      }
    }
    if (!sent[3 * kPadded].equals(sent[3 * (kReal - 1)].add(sent[3 * (kReal - 1) + 2]))) {
      throw new VerificationException(AggregateCheck.MAX_POOL_CHAIN, "step '" + p.name() + "': output");
    }
    t.absorbExt("pool/chain-evaluations", sent);
    // the slice values are bound to the commitment through one random combination per tensor
    Ext2[] tau = t.challengeExts("pool/slices", kBits);
    Ext2[] combined = Protocol.combineSlices(sent, tau);
    Ext2[] at = Protocol.concat(tau, r);
    claims.trace(p.differences(), at, combined[1]);
    claims.trace(p.gains(), at, combined[2]);
    claims.trace(p.out(), r, sent[3 * kPadded]);
    // the window stack is not committed: X(τ, r) = Pool(x)(τ, r) + fill(τ, r) becomes a claim on x
    io.deepprove.sumcheck.EvalClaim xc =
        LinearMapSumcheck.verify(maps.map(p, Im2col::poolMap, Im2col::windowsAt), at,
            combined[0].sub(maps.fill(p, Protocol::poolFillAt, Im2col::windowsAt, at)),
            LinearMapSumcheck.Proof.read(in), t);
    claims.any(p.in(), xc.point(), xc.value());
  }

  private void verifySoftmax(Circuit.Softmax s, Transcript t, BinaryReader in, Claims claims)
      throws VerificationException, ProofFormatException {
    PaddedShape el = circuit.tensor(s.in()).padded();
    PaddedShape rows = circuit.tensor(s.max()).padded();
    int n = el.totalVars();
    Ext2[] r = t.challengeExts("softmax/point", n);
    Ext2[] rRow = t.challengeExts("softmax/rows", rows.totalVars());
    Ext2 sumAt = in.readExt();
    t.absorbExt("softmax/sum", sumAt);
    claims.trace(s.sum(), rRow, sumAt);
    Ext2 alpha = t.challengeExt("softmax/batch");
    List<String> factors = Protocol.softmaxFactors(s);
    List<String> rowTensors = s.rowTensors();
    ProductShape shape = Protocol.softmaxShape(s, n, alpha);
    SumcheckProof rel = SumcheckProof.read(in);
    SubClaim sub = SumcheckVerifier.reduce(n, shape.degree(),
        Protocol.softmaxClaim(alpha, sumAt, Protocol.realMaskAt(rows, rRow)), rel, t);
    Ext2[] sent = new Ext2[factors.size()];
    for (int k = 0; k < sent.length; k++) {
      sent[k] = in.readExt();
    }
    Ext2[] rho = sub.point();
    Ext2[] rhoRow = Protocol.rowPoint(el, rho);
    Ext2[] values = new Ext2[Protocol.SOFTMAX_FIXED + sent.length];
    values[Protocol.SOFTMAX_EQ] = Eq.evaluate(r, rho);
    values[Protocol.SOFTMAX_MASK] = Protocol.realMaskAt(el, rho);
    values[Protocol.SOFTMAX_EQ_ROW] = Eq.evaluate(rRow, rhoRow);
    System.arraycopy(sent, 0, values, Protocol.SOFTMAX_FIXED, sent.length);
    sub.closeWithFactors(shape, values);
    t.absorbExt("softmax/evaluations", sent);
    for (int k = 0; k < factors.size(); k++) {
      String f = factors.get(k);
      claims.any(f, rowTensors.contains(f) ? rhoRow : rho, sent[k]);
    }
  }

  private void verifyElementwise(Circuit.Elementwise e, Transcript t, BinaryReader in, Claims claims)
      throws VerificationException, ProofFormatException {
    PaddedShape os = circuit.tensor(e.out()).padded();
    io.deepprove.sumcheck.EvalClaim acc = verifyRequant(e, t, in, claims);
    List<String> fs = e.factors();
    Ext2[] values = new Ext2[fs.size()];
    Ext2[] at;
    if (Protocol.isAffine(e)) {
      at = acc.point();
      values = readExts(in, fs.size());
      Ext2[] all = new Ext2[1 + values.length];
      all[0] = Ext2.ONE;
      System.arraycopy(values, 0, all, 1, values.length);
      if (!Protocol.elementwiseShape(0, e).combine(all).equals(acc.value())) {
        throw new VerificationException(AggregateCheck.ELEMENTWISE_SUM,
            "step '" + e.name() + "': the terms do not add up to the accumulator");
      }
    } else {
      ProductShape shape = Protocol.elementwiseShape(os.totalVars(), e);
      SumcheckProof rel = SumcheckProof.read(in);
      SubClaim sub = SumcheckVerifier.reduce(os.totalVars(), shape.degree(), acc.value(), rel, t);
      values = readExts(in, fs.size());
      at = sub.point();
      Ext2[] all = new Ext2[1 + values.length];
      all[0] = Eq.evaluate(acc.point(), at);
      System.arraycopy(values, 0, all, 1, values.length);
      sub.closeWithFactors(shape, all);
    }
    t.absorbExt("elementwise/evaluations", values);
    for (int k = 0; k < values.length; k++) {
      String f = fs.get(k);
      claims.any(f, Protocol.broadcastPoint(os, circuit.tensor(f).shape(), at), values[k]);
    }
  }

  private void verifyMatMul(Circuit.MatMul mm, Transcript t, BinaryReader in, Claims claims)
      throws VerificationException, ProofFormatException {
    PaddedShape os = circuit.tensor(mm.out()).padded();
    io.deepprove.sumcheck.EvalClaim acc = verifyRequant(mm, t, in, claims);
    MatMulShape ms = MatMulShape.of(circuit, mm);
    Ext2[] rho = acc.point();
    Ext2 target = acc.value();
    if (mm.c() != null) {
      Ext2[] pc = Protocol.broadcastPoint(os, circuit.tensor(mm.c()).shape(), rho);
      Ext2 cv = in.readExt();
      t.absorbExt("matmul/addend", cv);
      claims.any(mm.c(), pc, cv);
      target = target.sub(cv.mulBase(Goldilocks.fromSigned(mm.addendCoef())));
    }
    Ext2[][] split = ms.splitOutput(rho);
    int bv = ms.batchVars();
    int kv = ms.kVars();
    ProductShape shape = Protocol.matMulShape(bv + kv, mm);
    SumcheckProof rel = SumcheckProof.read(in);
    SubClaim sub = SumcheckVerifier.reduce(bv + kv, shape.degree(), target, rel, t);
    Ext2[] sent = readExts(in, 2);
    Ext2[] point = sub.point();
    Ext2[] tStar = Protocol.range(point, 0, bv);
    Ext2[] pStar = Protocol.range(point, bv, bv + kv);
    Ext2 em = Eq.evaluate(split[0], tStar).mul(Protocol.realMaskAt(new PaddedShape(new int[] {ms.k()}), pStar));
    sub.closeWithFactors(shape, new Ext2[] {em, sent[0], sent[1]});
    t.absorbExt("matmul/evaluations", sent);
    claims.any(mm.a(), ms.operandPoint(true, tStar, split[1], pStar), sent[0]);
    claims.any(mm.b(), ms.operandPoint(false, tStar, split[2], pStar), sent[1]);
  }

  private void verifyMaxMin(Circuit.MaxMin mm, Transcript t, BinaryReader in, Claims claims)
      throws VerificationException, ProofFormatException {
    PaddedShape os = circuit.tensor(mm.out()).padded();
    Ext2[] r = t.challengeExts("maxmin/point", os.totalVars());
    int n = mm.terms().size();
    Ext2[] sent = readExts(in, 3 * n - 1);
    // M_0 = X_0; D_k = M_{k−1} − X_k; M_k = X_k + G_k (max) or M_{k−1} − G_k (min); out = M_{n−1}
    Ext2 m = sent[0];
    for (int k = 1; k < n; k++) {
      Ext2 x = sent[k];
      Ext2 d = sent[n + 2 * (k - 1)];
      Ext2 g = sent[n + 2 * (k - 1) + 1];
      if (!d.equals(m.sub(x))) {
        throw new VerificationException(AggregateCheck.MAX_MIN_CHAIN, "step '" + mm.name() + "': difference " + k);
      }
      m = mm.max() ? x.add(g) : m.sub(g);
    }
    if (!sent[3 * n - 2].equals(m)) {
      throw new VerificationException(AggregateCheck.MAX_MIN_CHAIN, "step '" + mm.name() + "': output");
    }
    t.absorbExt("maxmin/evaluations", sent);
    List<Protocol.At> at = Protocol.maxMinPoints(circuit, mm, r);
    for (int i = 0; i < sent.length; i++) {
      claims.any(at.get(i).tensor(), at.get(i).point(), sent[i]);
    }
  }

  private static Ext2[] readExts(BinaryReader in, int n) throws ProofFormatException {
    Ext2[] v = new Ext2[n];
    for (int i = 0; i < n; i++) {
      v[i] = in.readExt();
    }
    return v;
  }

  private void verifyRelayout(Relayout rl, Transcript t, BinaryReader in, Claims claims)
      throws VerificationException, ProofFormatException {
    PaddedShape os = circuit.tensor(rl.out()).padded();
    Ext2[] r = t.challengeExts("relayout/point", os.totalVars());
    Ext2 v = in.readExt();
    t.absorbExt("relayout/evaluation", v);
    claims.trace(rl.out(), r, v);
    io.deepprove.sumcheck.EvalClaim xc = LinearMapSumcheck.verify(maps.map(rl, Protocol::relayoutMap, (c, s) -> 0), r,
        v.sub(maps.fill(rl, Protocol::fillAt, (c, s) -> 0, r)), LinearMapSumcheck.Proof.read(in), t);
    claims.any(rl.in(), xc.point(), xc.value());
  }
}
