/** The Fiat–Shamir transcript shared, message for message, by every prover and verifier. */
package io.deepprove.core.transcript;
