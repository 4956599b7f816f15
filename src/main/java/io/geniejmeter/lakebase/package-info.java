/**
 * The semantic cache's database: PostgreSQL with pgvector, on Databricks Lakebase or any server. Login
 * ({@link io.geniejmeter.lakebase.LakebaseLogin}: a service principal's OAuth M2M login, the instance's
 * {@code read_write_dns}, a database credential token as the password, re-minted before it expires), a connection
 * pool ({@link io.geniejmeter.lakebase.CacheDatabase}, HikariCP) and the vector table
 * ({@link io.geniejmeter.lakebase.SemanticCacheTable}). Plain Java: nothing here imports JMeter.
 */
package io.geniejmeter.lakebase;
