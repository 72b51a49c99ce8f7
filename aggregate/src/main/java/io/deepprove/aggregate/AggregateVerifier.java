package io.deepprove.aggregate;

import io.deepprove.aggregate.Circuit.Linear;
import io.deepprove.aggregate.Circuit.MaxPool;
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

  public AggregateVerifier(Circuit circuit, BasefoldPcs pcs, ModelCommitment model, byte[] vkDigest) {
    this.circuit = circuit;
    this.pcs = pcs;
    this.model = model;
    this.vkDigest = vkDigest.clone();
  }

  /** Accepts or throws {@link VerificationException} naming the failed check. */
  public void verify(Proof proof) throws VerificationException {
    if (!Arrays.equals(proof.vkDigest(), vkDigest)) {
      throw new VerificationException(AggregateCheck.VERIFYING_KEY, "the proof was made for another verifying key");
    }
    PaddedShape is = circuit.tensor(circuit.input()).padded();
    PaddedShape os = circuit.tensor(circuit.output()).padded();
    if (proof.input().length != is.realSize() || proof.output().length != os.realSize()) {
      throw new VerificationException(AggregateCheck.PUBLIC_SHAPES, "input or output has the wrong number of values");
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
    long[] inputField = is.pad(proof.input());

    Transcript t = new Transcript(Protocol.LABEL);
    Proof.absorbPublic(t, vkDigest, proof.input(), proof.output(), proof.traceCommitment());

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
        } else if (s instanceof Circuit.Elementwise e) {
          verifyElementwise(e, t, in, claims);
        } else if (s instanceof Circuit.MatMul mm) {
          verifyMatMul(mm, t, in, claims);
        } else if (s instanceof Circuit.MaxMin mm) {
          verifyMaxMin(mm, t, in, claims);
        }
      }
      // the public output on its real entries
      Ext2[] r = t.challengeExts("output/point", os.totalVars());
      Ext2 publicAt = Multilinear.evaluateBase(os.pad(proof.output()), r);
      SumcheckProof bind = SumcheckProof.read(in);
      SubClaim sub = SumcheckVerifier.reduce(os.totalVars(), 3, publicAt, bind, t);
      Ext2 outAt = in.readExt();
      Ext2[] rho = sub.point();
      sub.close(Eq.evaluate(r, rho).mul(Protocol.realMaskAt(os, rho)).mul(outAt));
      t.absorbExt("output/evaluation", outAt);
      claims.trace(circuit.output(), rho, outAt);
      in.expectEnd();
    } catch (ProofFormatException e) {
      throw new VerificationException(AggregateCheck.FORMAT, e.getMessage());
    }

    pcs.verify(proof.traceCommitment(), traceClaims, proof.traceOpening(), t);
    Protocol.ensureModelClaim(circuit, model, modelClaims);
    pcs.verify(model.commitment(), modelClaims, proof.modelOpening(), t);
  }

  /** Collects the opening claims; evaluates claims on the public input on the spot. */
  private final class Claims {
    final Map<String, Integer> traceIndex;
    final List<OpeningClaim> trace;
    final List<OpeningClaim> model;
    final long[] input;

    Claims(Map<String, Integer> traceIndex, List<OpeningClaim> trace, List<OpeningClaim> model, long[] input) {
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
          if (!Multilinear.evaluateBase(input, point).equals(value)) {
            throw new VerificationException(AggregateCheck.PUBLIC_INPUT,
                "the proof's claim on the input does not match the public input");
          }
        }
        case TRACE -> trace(name, point, value);
        case WEIGHT -> model.add(AggregateVerifier.this.model.claim(name, point, value));
      }
    }
  }

  /** The accumulator's claimed value at the requantization sum-check's point. */
  private record AccClaim(Ext2[] point, Ext2 value) {}

  /**
   * The requantization relation of a step: checks its sum-check, records the claims on q and the
   * limbs, and returns the claim on the (uncommitted) accumulator that the step itself must prove.
   */
  private AccClaim verifyRequant(Requantized l, Transcript t, BinaryReader in, Claims claims)
      throws VerificationException, ProofFormatException {
    PaddedShape acc = circuit.tensor(l.out()).padded();
    Requant rq = l.requant();
    int n = acc.totalVars();
    int realChannels = Protocol.realChannels(circuit, l);
    Ext2[] r = t.challengeExts("linear/point", n);
    ProductShape shape = Protocol.requantShape(n, rq);
    SumcheckProof rel = SumcheckProof.read(in);
    SubClaim sub = SumcheckVerifier.reduce(n, shape.degree(), Protocol.requantClaim(rq), rel, t);
    Ext2[] sent = new Ext2[2 + rq.limbs()];
    for (int i = 0; i < sent.length; i++) {
      sent[i] = in.readExt();
    }
    Ext2[] rho = sub.point();
    Ext2[] values = new Ext2[4 + rq.limbs()];
    values[0] = Eq.evaluate(r, rho);
    values[1] = Protocol.multiplierAt(acc, rq, realChannels, rho);
    values[2] = sent[0];
    values[3] = sent[1];
    for (int k = 0; k < rq.limbs(); k++) {
      values[4 + k] = sent[2 + k];
    }
    sub.closeWithFactors(shape, values);
    t.absorbExt("linear/evaluations", sent);
    claims.trace(l.q(), rho, sent[1]);
    for (int k = 0; k < rq.limbs(); k++) {
      claims.trace(l.limb(k), rho, sent[2 + k]);
    }
    return new AccClaim(rho, sent[0]);
  }

  private void verifyLinear(Linear l, Transcript t, BinaryReader in, Claims claims)
      throws VerificationException, ProofFormatException {
    PaddedShape acc = circuit.tensor(l.out()).padded();
    int n = acc.totalVars();
    AccClaim a = verifyRequant(l, t, in, claims);
    Ext2[] rho = a.point();
    int channelDim = l.conv() ? 1 : acc.rank() - 1;
    Ext2[] rChannel = acc.slice(rho, channelDim);
    Ext2 target = a.value();
    if (l.bias() != null) {
      Ext2 b = in.readExt();
      t.absorbExt("linear/bias", b);
      claims.any(l.bias(), rChannel, b);
      target = target.sub(b);
    }
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
      io.deepprove.sumcheck.EvalClaim xc = LinearMapSumcheck.verify(Im2col.convMap(circuit, l),
          mc.right().point(), mc.right().value(), LinearMapSumcheck.Proof.read(in), t);
      claims.any(l.x(), xc.point(), xc.value());
    }
  }

  private void verifyMaxPool(MaxPool p, Transcript t, BinaryReader in, Claims claims)
      throws VerificationException, ProofFormatException {
    PaddedShape st = circuit.tensor(p.windows()).padded();
    Ext2[] rs = t.challengeExts("pool/windows", st.totalVars());
    Ext2 xAt = in.readExt();
    t.absorbExt("pool/windows-evaluation", xAt);
    claims.trace(p.windows(), rs, xAt);
    io.deepprove.sumcheck.EvalClaim xc =
        LinearMapSumcheck.verify(Im2col.poolMap(circuit, p), rs, xAt, LinearMapSumcheck.Proof.read(in), t);
    claims.any(p.in(), xc.point(), xc.value());
    PaddedShape os = circuit.tensor(p.out()).padded();
    Ext2[] r = t.challengeExts("pool/chain", os.totalVars());
    int kBits = st.vars(0);
    int kReal = p.geometry().kernelSize();
    Ext2[] sent = new Ext2[3 * kReal + 1];
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
    if (!sent[3 * kReal].equals(sent[3 * (kReal - 1)].add(sent[3 * (kReal - 1) + 2]))) {
      throw new VerificationException(AggregateCheck.MAX_POOL_CHAIN, "step '" + p.name() + "': output");
    }
    t.absorbExt("pool/chain-evaluations", sent);
    for (int k = 0; k < kReal; k++) {
      Ext2[] pk = Protocol.prefixed(k, kBits, r);
      claims.trace(p.windows(), pk, sent[3 * k]);
      claims.trace(p.differences(), pk, sent[3 * k + 1]);
      claims.trace(p.gains(), pk, sent[3 * k + 2]);
    }
    claims.trace(p.out(), r, sent[3 * kReal]);
  }

  private void verifyElementwise(Circuit.Elementwise e, Transcript t, BinaryReader in, Claims claims)
      throws VerificationException, ProofFormatException {
    PaddedShape os = circuit.tensor(e.out()).padded();
    AccClaim acc = verifyRequant(e, t, in, claims);
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
    AccClaim acc = verifyRequant(mm, t, in, claims);
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
    io.deepprove.sumcheck.EvalClaim xc = LinearMapSumcheck.verify(Protocol.relayoutMap(circuit, rl), r,
        v.sub(Protocol.fillAt(circuit, rl, r)), LinearMapSumcheck.Proof.read(in), t);
    claims.any(rl.in(), xc.point(), xc.value());
  }
}
