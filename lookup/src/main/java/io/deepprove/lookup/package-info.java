/**
 * Lookup arguments: LogUp (Haböck, ePrint 2022/1530) with the fractional sums proved layer by
 * layer by GKR (Papini–Haböck, ePrint 2023/1284), and the public tables every nonlinearity needs
 * (ranges, ReLU/clamp, small arbitrary (input, output) tables, limb decomposition for wide ranges).
 *
 * <p>Entry points: {@link io.deepprove.lookup.LookupWitness} (prover's columns, multiplicities
 * computed), {@link io.deepprove.lookup.LookupStatement} (the public shape), {@link
 * io.deepprove.lookup.LogUpGkr} (prove / verify), {@link io.deepprove.lookup.LookupClaims} (what
 * the caller must close). This package commits to nothing and knows no PCS: verification returns
 * claims on the columns' MLEs at random points, which the caller opens or chains. The GKR layer
 * sum-check is specialised (degree 3, eq·(p0q1 + p1q0 + λ·q0q1)) and lives here, not in sumcheck.
 */
package io.deepprove.lookup;
