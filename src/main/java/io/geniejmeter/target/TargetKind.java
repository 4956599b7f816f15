package io.geniejmeter.target;

/** The two kinds of Genie a command can talk to. */
public enum TargetKind {
    /** A real Databricks workspace, from the configured host and credentials. */
    WORKSPACE,
    /** The embedded Genie simulator, started in this JVM on loopback. */
    SIMULATOR
}
