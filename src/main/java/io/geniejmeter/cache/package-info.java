/**
 * The cache modes of the load test, JMeter-free: a chain that answers a question from an exact-match (LRU) cache,
 * else from a semantic cache, else from live Genie ({@link io.geniejmeter.cache.CachingGenie}), built from the
 * settings by {@link io.geniejmeter.cache.CachingGenieFactory}. Every layer keeps the SQL Genie generated, never result
 * rows; a hit re-runs that SQL on the SQL warehouse ({@link io.geniejmeter.cache.StatementRunner}). The semantic
 * layer is the small {@link io.geniejmeter.cache.SemanticCache} interface, held in memory here
 * ({@link io.geniejmeter.cache.InMemorySemanticCache}) and in PostgreSQL elsewhere.
 */
package io.geniejmeter.cache;
