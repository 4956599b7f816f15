package io.geniejmeter.simulator;

/**
 * Injected faults in a Genie message's outcome: messages that end FAILED or CANCELLED, and results that expire. Shares
 * are drawn per message from the seed. Made by {@link SimulatorConfig} from checked values; all shares default to 0.
 *
 * @param failRate share of messages that end FAILED with {@code failErrorType}
 * @param failErrorType MessageErrorType name of injected failures, upper case, default SQL_EXECUTION_EXCEPTION
 * @param cancelRate share of messages that end CANCELLED
 * @param expireRate share of completed messages whose result turns QUERY_RESULT_EXPIRED
 * @param expireAfterMs nominal milliseconds after completion at which an expiring result expires, default 60,000
 * @param stuckRate share of messages that never leave ASKING_AI (a client must give up on them)
 */
public record MessageFaults(double failRate, String failErrorType, double cancelRate, double expireRate,
                            long expireAfterMs, double stuckRate) {
}
