/**
 * Agents, teams, roles and skills; how they log in (form login with lockout, personal API tokens)
 * and the screens and API with which administrators manage them.
 */
@NullMarked
package nl.naadloos.accounts;

import org.jspecify.annotations.NullMarked;
