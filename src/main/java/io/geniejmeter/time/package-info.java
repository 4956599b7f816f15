/**
 * Injectable time for the whole project: {@link io.geniejmeter.time.Clock}. A leaf package that imports nothing of
 * the project, so that the client ({@code genie}), the exporter and the simulator can all use it without depending
 * on each other.
 */
package io.geniejmeter.time;
