package nl.naadloos.channels;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The new text of replies as English and Dutch mail clients write them (the start of the issue-5 corpus;
 * complete MIME fixtures follow with the mail parsing work).
 */
class ReplyExtractorTests {

	static Stream<Arguments> mails() {
		return Stream.of(
				Arguments.of("Gmail, English", """
						Thanks, that works!

						On Mon, 3 Nov 2026 at 10:12, Webshop Service <support@shop.example.nl> wrote:
						> Your parcel left our warehouse today.
						""", "Thanks, that works!"),
				Arguments.of("Gmail, English, wrapped", """
						Great, thank you.

						On Mon, 3 Nov 2026 at 10:12, Webshop Klantenservice
						<support@shop.example.nl> wrote:

						> Your parcel left our warehouse today.
						""", "Great, thank you."),
				Arguments.of("Gmail, Dutch", """
						Top, bedankt!

						Op ma 3 nov. 2026 om 10:12 schreef Webshop Service <support@shop.example.nl>:
						> Uw pakket is vandaag verstuurd.
						""", "Top, bedankt!"),
				Arguments.of("Gmail, Dutch, wrapped", """
						Hij is binnen.

						Op ma 3 nov. 2026 om 10:12 schreef Webshop Klantenservice <
						support@shop.example.nl>:
						""", "Hij is binnen."),
				Arguments.of("Outlook, English header block", """
						Please send a new one.

						From: Webshop Service <support@shop.example.nl>
						Sent: Monday, November 3, 2026 10:12 AM
						To: Anouk Peeters <anouk@example.nl>
						Subject: Re: Broken lamp [#1042]
						""", "Please send a new one."),
				Arguments.of("Outlook, Dutch header block", """
						Graag een nieuwe sturen.

						Van: Webshop Service <support@shop.example.nl>
						Verzonden: maandag 3 november 2026 10:12
						Aan: Anouk Peeters <anouk@example.nl>
						Onderwerp: RE: Kapotte lamp [#1042]
						""", "Graag een nieuwe sturen."),
				Arguments.of("Outlook, bold header block", """
						Thanks.

						*From:* Webshop Service <support@shop.example.nl>
						*Sent:* Monday, November 3, 2026 10:12 AM
						""", "Thanks."),
				Arguments.of("Original Message", """
						See below.
						-----Original Message-----
						From: support@shop.example.nl
						""", "See below."),
				Arguments.of("Oorspronkelijk bericht", """
						Zie hieronder.
						-----Oorspronkelijk bericht-----
						Van: support@shop.example.nl
						""", "Zie hieronder."),
				Arguments.of("Apple Mail quote", """
						Received it, thanks.

						> On 3 Nov 2026, at 10:12, Webshop Service <support@shop.example.nl> wrote:
						>
						> Your parcel left our warehouse today.
						""", "Received it, thanks."),
				Arguments.of("Signature", """
						I will be home on Friday.

						--\u0020
						Anouk Peeters
						06 12345678
						""", "I will be home on Friday."),
				Arguments.of("Sent from my iPhone", """
						Yes please.

						Sent from my iPhone
						""", "Yes please."),
				Arguments.of("Verzonden vanaf mijn iPhone", """
						Ja graag.

						Verzonden vanaf mijn iPhone
						""", "Ja graag."),
				Arguments.of("Outlook for Android", """
						Ok.

						Get Outlook for Android
						""", "Ok."),
				Arguments.of("A quote inside the text stays", """
						You wrote:
						> the lamp is in stock
						but the site says otherwise. Which is it?
						""", "You wrote:\n> the lamp is in stock\nbut the site says otherwise. Which is it?"),
				Arguments.of("iPhone, Dutch attribution", """
						Prima.

						Op 6 nov 2026 om 11:03 heeft Webshop Klantenservice <support@shop.example.nl> het volgende geschreven:

						Uw pakket is verstuurd.
						""", "Prima."),
				Arguments.of("Only history: the whole text", """
						On Mon, 3 Nov 2026 at 10:12, Anouk wrote:
						> something
						""", "On Mon, 3 Nov 2026 at 10:12, Anouk wrote:\n> something"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("mails")
	void keepsOnlyWhatTheCustomerWroteNow(String client, String mail, String expected) {
		assertThat(ReplyExtractor.newText(mail)).isEqualTo(expected);
	}

	static Stream<Arguments> forwards() {
		return Stream.of(Arguments.of("Gmail, English", false, """
				See below.

				---------- Forwarded message ---------
				From: Shop <noreply@shop.example.nl>
				Subject: Order 1

				Your order.
				""", "See below.\n\n---------- Forwarded message ---------\nFrom: Shop <noreply@shop.example.nl>\nSubject: Order 1\n\nYour order."),
				Arguments.of("Gmail, Dutch, below a signature", false, """
						Zie hieronder.

						--\u0020
						Anouk

						---------- Doorgestuurd bericht ---------
						Van: Shop <noreply@shop.example.nl>

						Uw bestelling.
						""", "Zie hieronder.\n\n---------- Doorgestuurd bericht ---------\nVan: Shop <noreply@shop.example.nl>\n\nUw bestelling."),
				Arguments.of("Apple Mail, Dutch, below the iPhone footer", false, """
						Kijk.

						Verzonden vanaf mijn iPhone

						Begin doorgestuurd bericht:

						> Van: Shop <noreply@shop.example.nl>
						""", "Kijk.\n\nBegin doorgestuurd bericht:\n\n> Van: Shop <noreply@shop.example.nl>"),
				Arguments.of("Outlook, Dutch, forward by its subject", true, """
						Graag bekijken.

						Van: Leverancier <facturen@leverancier.example.nl>
						Verzonden: maandag 10 november 2026 09:14
						Onderwerp: Factuur

						Factuur in de bijlage.
						""", "Graag bekijken.\n\nVan: Leverancier <facturen@leverancier.example.nl>\nVerzonden: maandag 10 november 2026 09:14\nOnderwerp: Factuur\n\nFactuur in de bijlage."),
				Arguments.of("A reply quoting a forward stays a reply", false, """
						Thanks!

						On Mon, 3 Nov 2026 at 10:12, Shop <support@shop.example.nl> wrote:
						> ---------- Forwarded message ---------
						> Your order.
						""", "Thanks!"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("forwards")
	void keepsAForwardedMailWholeBecauseItIsThePointOfTheMail(String client, boolean forwardSubject, String mail,
			String expected) {
		assertThat(ReplyExtractor.newText(mail, forwardSubject)).isEqualTo(expected);
	}

}
