/**
 * Baton's unstable internal API. Depends on the JDK only, so that plugins compiled against it load in any host.
 */
@Unstable
package dev.baton.spi;
