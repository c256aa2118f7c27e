package nl.naadloos.platform;

import java.util.List;

/**
 * Paths a module deliberately opens to callers without an agent login, such as channel webhooks
 * (which verify their own signatures) or the chat widget. Every other path requires a role.
 *
 * @param patterns Ant-style path patterns
 */
public record PublicEndpoints(List<String> patterns) {
}
