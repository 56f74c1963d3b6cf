/** Typed errors that name the operation, the target and what to do. */
@Unstable
package dev.baton.spi.error;

import dev.baton.spi.Unstable;
