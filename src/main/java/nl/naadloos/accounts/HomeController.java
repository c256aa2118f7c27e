package nl.naadloos.accounts;

import java.util.List;
import java.util.UUID;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The start page after login: who you are, your teams, and the way into administration and the API. */
@Controller
class HomeController {

	private final AccountService accounts;

	HomeController(AccountService accounts) {
		this.accounts = accounts;
	}

	@GetMapping("/")
	String home(@AuthenticationPrincipal AgentUser me, Model model) {
		AgentSummary agent = this.accounts.findAgent(me.agentId()).orElseThrow();
		List<TeamView> allTeams = TeamView.all(this.accounts);
		model.addAttribute("activeNav", "home");
		model.addAttribute("agent", agent);
		model.addAttribute("teams", allTeams.stream().filter(t -> agent.teamIds().contains(t.id())).toList());
		model.addAttribute("activeAgents", this.accounts.activeAgents().size());
		model.addAttribute("teamCount", allTeams.size());
		return "home";
	}

	/** A team as the screens show it. */
	record TeamView(UUID id, String name, String description, long activeMembers) {

		static List<TeamView> all(AccountService accounts) {
			List<AgentSummary> active = accounts.activeAgents();
			return accounts.teams()
				.stream()
				.map(t -> new TeamView(t.id(), t.name(), t.description() == null ? "" : t.description(),
						active.stream().filter(a -> a.teamIds().contains(t.id())).count()))
				.toList();
		}

	}

}
