/**
 * Shared rejection types: every verifier reports a failure as a {@link
 * io.deepprove.core.verify.VerificationException} naming the {@link
 * io.deepprove.core.verify.VerifierCheck} that failed.
 */
package io.deepprove.core.verify;
