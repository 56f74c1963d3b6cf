/** The typed request and result of each hook. */
@Unstable
package dev.baton.spi.hook;

import dev.baton.spi.Unstable;
