package nl.naadloos.workspace;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import nl.naadloos.accounts.AgentUser;
import nl.naadloos.conversations.ConversationDesk;
import nl.naadloos.conversations.ConversationDesk.View;
import nl.naadloos.platform.FlashMessage;
import nl.naadloos.platform.ProblemException;

/**
 * The agent's screens: the inbox (mine, unassigned, all open work, with counts) and a conversation with its
 * timeline across channels, the contact beside it, and reply, note, status and take-it actions. Every
 * action is a plain form post that redirects back, so the screens work without scripts; keyboard shortcuts
 * come on top (see {@code js/workspace.js}).
 */
@Controller
class WorkspaceController {

	static final int PAGE_SIZE = 50;

	private final ConversationDesk desk;

	private final LiveUpdates live;

	private final Clock clock;

	WorkspaceController(ConversationDesk desk, LiveUpdates live, Clock clock) {
		this.desk = desk;
		this.live = live;
		this.clock = clock;
	}

	/** Which conversations change, as they change (server-sent events), for the open screens. */
	@GetMapping(path = "/workspace/events", produces = org.springframework.http.MediaType.TEXT_EVENT_STREAM_VALUE)
	org.springframework.web.servlet.mvc.method.annotation.SseEmitter events(
			@RequestParam(required = false) @Nullable UUID conversation,
			@RequestParam(required = false) @Nullable String screen, @AuthenticationPrincipal AgentUser me) {
		return this.live.subscribe(me.agentId(), me.displayName(), conversation,
				screen == null || screen.length() > 64 ? null : screen);
	}

	/** A workspace page is being closed (sent by the browser as it leaves). */
	@PostMapping("/workspace/screens/closed")
	org.springframework.http.ResponseEntity<Void> closed(@RequestParam String screen, @AuthenticationPrincipal AgentUser me) {
		this.live.closed(me.agentId(), screen);
		return org.springframework.http.ResponseEntity.noContent().build();
	}

	/** The agent is typing in the conversation (sent every few seconds while typing). */
	@PostMapping("/conversations/{id}/typing")
	org.springframework.http.ResponseEntity<Void> typing(@PathVariable UUID id, @AuthenticationPrincipal AgentUser me) {
		this.desk.typing(id, me.agentId(), me.displayName());
		return org.springframework.http.ResponseEntity.noContent().build();
	}

	@GetMapping("/inbox")
	String inbox(@RequestParam(required = false) @Nullable String view, @RequestParam(required = false) @Nullable String cursor,
			@AuthenticationPrincipal AgentUser me, Model model) {
		View chosen = View.of(view).orElse(View.MINE);
		model.addAttribute("activeNav", "inbox");
		model.addAttribute("view", chosen.key());
		model.addAttribute("views", View.values());
		model.addAttribute("counts", this.desk.counts(me.agentId()));
		model.addAttribute("page", this.desk.inbox(chosen, me.agentId(), cursor, PAGE_SIZE));
		return "workspace/inbox";
	}

	/** One action on the conversations ticked in the inbox. */
	@PostMapping("/inbox/bulk")
	String bulk(@RequestParam(name = "ids", required = false) java.util.@Nullable List<UUID> ids, @RequestParam String action,
			@RequestParam(defaultValue = "mine") String view, @AuthenticationPrincipal AgentUser me,
			RedirectAttributes redirect) {
		String back = "redirect:/inbox?view=" + View.of(view).orElse(View.MINE).key();
		if (ids == null || ids.isEmpty()) {
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.warning("workspace.bulk.none"));
			return back;
		}
		if (ids.size() > PAGE_SIZE) {
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.error("workspace.bulk.tooMany", PAGE_SIZE));
			return back;
		}
		try {
			ConversationDesk.BulkResult result = this.desk.bulk(ids, me.agentId(), action);
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, result.refused() == 0
					? FlashMessage.success("workspace.bulk.done", result.changed())
					: FlashMessage.warning("workspace.bulk.partly", result.changed(), result.refused()));
		}
		catch (ProblemException | IllegalArgumentException ex) {
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.error("workspace.failed", ex.getMessage()));
		}
		return back;
	}

	@GetMapping("/search")
	String search(@RequestParam(required = false) @Nullable String q, Model model) {
		String query = q == null ? "" : q.strip();
		model.addAttribute("activeNav", "inbox");
		model.addAttribute("q", query);
		model.addAttribute("tooLong", query.length() > 200);
		model.addAttribute("results", this.desk.search(query.length() > 200 ? "" : query));
		return "workspace/search";
	}

	@GetMapping("/conversations/{id}")
	String conversation(@PathVariable UUID id, @AuthenticationPrincipal AgentUser me, Model model) {
		model.addAttribute("activeNav", "inbox");
		model.addAttribute("c", this.desk.conversation(id));
		this.desk.seen(id);
		model.addAttribute("meId", me.agentId());
		model.addAttribute("openedAt", this.clock.instant());
		model.addAttribute("agents", this.desk.agents());
		model.addAttribute("teams", this.desk.teams());
		model.addAttribute("reasons", this.desk.contactReasons(LocaleContextHolder.getLocale()));
		model.addAttribute("priorities", java.util.List.of("low", "normal", "high", "urgent"));
		return "workspace/conversation";
	}

	@PostMapping("/conversations/{id}/reply")
	String reply(@PathVariable UUID id, @RequestParam(required = false) @Nullable String text,
			@RequestParam(required = false) @Nullable UUID channelAccountId,
			@RequestParam(required = false) @Nullable String thenStatus,
			@RequestParam(required = false) @Nullable Instant openedAt, @AuthenticationPrincipal AgentUser me,
			RedirectAttributes redirect) {
		if (text == null || text.isBlank()) {
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.error("workspace.reply.empty"));
			return back(id);
		}
		// Collision: a colleague answered while this agent was writing; show that first, keep the draft.
		String colleague = openedAt == null ? null : this.desk.repliedByAnotherSince(id, me.agentId(), openedAt).orElse(null);
		if (colleague != null) {
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.warning("workspace.reply.collision", colleague));
			redirect.addFlashAttribute("draft", text);
			return back(id);
		}
		try {
			this.desk.reply(id, me.agentId(), text, channelAccountId);
			if (thenStatus != null && !thenStatus.isBlank()) {
				this.desk.changeStatus(id, me.agentId(), thenStatus);
			}
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success("workspace.reply.sent"));
		}
		catch (ProblemException ex) {
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.error("workspace.failed", ex.getMessage()));
			redirect.addFlashAttribute("draft", text);
		}
		return back(id);
	}

	@PostMapping("/conversations/{id}/note")
	String note(@PathVariable UUID id, @RequestParam(required = false) @Nullable String text,
			@AuthenticationPrincipal AgentUser me, RedirectAttributes redirect) {
		if (text == null || text.isBlank()) {
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.error("workspace.note.empty"));
			return back(id);
		}
		try {
			this.desk.note(id, me.agentId(), text);
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success("workspace.note.added"));
		}
		catch (ProblemException ex) {
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.error("workspace.failed", ex.getMessage()));
		}
		return back(id);
	}

	@PostMapping("/conversations/{id}/status")
	String status(@PathVariable UUID id, @RequestParam String status, @AuthenticationPrincipal AgentUser me,
			RedirectAttributes redirect) {
		try {
			this.desk.changeStatus(id, me.agentId(), status);
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success("workspace.status.changed"));
		}
		catch (ProblemException | IllegalArgumentException ex) {
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.error("workspace.failed", ex.getMessage()));
		}
		return back(id);
	}

	/** Owner, team, priority, tags and contact reason, saved together from the side form. */
	@PostMapping("/conversations/{id}/details")
	String details(@PathVariable UUID id, @RequestParam(required = false) @Nullable String ownerAgentId,
			@RequestParam(required = false) @Nullable String teamId, @RequestParam(defaultValue = "normal") String priority,
			@RequestParam(required = false) @Nullable String tags,
			@RequestParam(required = false) @Nullable String contactReason, @AuthenticationPrincipal AgentUser me,
			RedirectAttributes redirect) {
		java.util.List<String> tagList = tags == null ? java.util.List.of()
				: java.util.Arrays.stream(tags.split(","))
					.map(tag -> tag.strip().toLowerCase(java.util.Locale.ROOT))
					.filter(tag -> !tag.isEmpty())
					.distinct()
					.toList();
		try {
			this.desk.change(id, me.agentId(), ownerAgentId, teamId, priority, tagList, contactReason);
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success("workspace.details.saved"));
		}
		catch (ProblemException | IllegalArgumentException ex) {
			redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.error("workspace.failed", ex.getMessage()));
		}
		return back(id);
	}

	@PostMapping("/conversations/{id}/take")
	String take(@PathVariable UUID id, @AuthenticationPrincipal AgentUser me, RedirectAttributes redirect) {
		this.desk.take(id, me.agentId());
		redirect.addFlashAttribute(FlashMessage.ATTRIBUTE, FlashMessage.success("workspace.taken"));
		return back(id);
	}

	private static String back(UUID id) {
		return "redirect:/conversations/" + id;
	}

}
