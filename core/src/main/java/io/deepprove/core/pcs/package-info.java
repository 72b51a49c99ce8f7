/**
 * The multilinear polynomial commitment interface. Implementations live in the commit module; this
 * package knows no scheme.
 */
package io.deepprove.core.pcs;
