package nl.naadloos.contacts;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import nl.naadloos.platform.InvalidRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressesUnitTest {

	@Test
	void emailAddressesAreTrimmedAndLowerCased() {
		assertThat(Addresses.email("  Jan.Jansen@Example.NL \t")).isEqualTo("jan.jansen@example.nl");
		assertThat(Addresses.email("info+orders@shop.co.uk")).isEqualTo("info+orders@shop.co.uk");
	}

	@Test
	void internationalDomainsAreStoredInAscii() {
		assertThat(Addresses.email("Jan@Bücher.de")).isEqualTo("jan@xn--bcher-kva.de");
		assertThat(Addresses.email("jan@xn--bcher-kva.de")).isEqualTo("jan@xn--bcher-kva.de");
	}

	@Test
	void aDomainWithoutDotsIsAccepted() {
		assertThat(Addresses.email("root@localhost")).isEqualTo("root@localhost");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "jan", "jan@", "@example.nl", "jan@@example.nl", "jan@exa@mple.nl",
			"jan jansen@example.nl", "jan@exam ple.nl", "jan@example..nl", "jan@.example.nl", "jan@example.nl.",
			"jan@-example.nl", "jan@example_shop.nl", "Jan Jansen <jan@example.nl>", ".jan@example.nl",
			"jan.@example.nl", "ja..n@example.nl", "jan,piet@example.nl", "jan\u0000@example.nl" })
	void garbageIsNotAnEmailAddress(String garbage) {
		assertThatThrownBy(() -> Addresses.email(garbage)).isInstanceOf(InvalidRequest.class)
			.hasMessageContaining("not a valid e-mail address");
	}

	@Test
	void anOverlongEmailAddressIsRefused() {
		String local = "a".repeat(65);
		assertThatThrownBy(() -> Addresses.email(local + "@example.nl")).isInstanceOf(InvalidRequest.class);
		String domain = ("d".repeat(60) + ".").repeat(5) + "nl";
		assertThatThrownBy(() -> Addresses.email("jan@" + domain)).isInstanceOf(InvalidRequest.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "06 12345678", "0612345678", "+31 6 1234 5678", "0031612345678", "+31612345678",
			"06-12345678", "(06) 12 34 56 78", "+31 (0)6 12345678" })
	void dutchMobileNumbersInEveryFormatBecomeOneE164Number(String written) {
		assertThat(Addresses.phone(written, "NL")).isEqualTo("+31612345678");
	}

	@Test
	void numbersWithoutCountryCodeBelongToTheDefaultRegion() {
		assertThat(Addresses.phone("0470 12 34 56", "BE")).isEqualTo("+32470123456");
		assertThat(Addresses.phone("020 123 4567", "NL")).isEqualTo("+31201234567");
		assertThat(Addresses.phone("+32 470 12 34 56", "NL")).isEqualTo("+32470123456");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "12", "hello", "06 1234", "+999 12345678", "0612345678901234", "06-FLOWERS",
			"+31 6 1234 5678 ext. 12", "31612345678x" })
	void invalidPhoneNumbersAreRefused(String invalid) {
		assertThatThrownBy(() -> Addresses.phone(invalid, "NL")).isInstanceOf(InvalidRequest.class)
			.hasMessageContaining("not a valid phone number");
	}

	@Test
	void whatsappIdsAreE164NumbersWithoutThePlus() {
		assertThat(Addresses.phoneOnChannel("whatsapp", "31612345678", "NL")).isEqualTo("+31612345678");
		assertThat(Addresses.phoneOnChannel("whatsapp", "+31612345678", "NL")).isEqualTo("+31612345678");
		assertThat(Addresses.phoneOnChannel("whatsapp", "06 12345678", "NL")).isEqualTo("+31612345678");
		assertThat(Addresses.phoneOnChannel("sms", "0612345678", "NL")).isEqualTo("+31612345678");
	}

	@Test
	void aWhatsappIdOfAnotherCountryIsNotReadAsALocalNumber() {
		assertThat(Addresses.phoneOnChannel("whatsapp", "32470123456", "NL")).isEqualTo("+32470123456");
		assertThatThrownBy(() -> Addresses.phoneOnChannel("sms", "32470123456", "NL")).isInstanceOf(InvalidRequest.class);
	}

	@Test
	void phoneNumbersAreDisplayedInInternationalFormat() {
		assertThat(Addresses.internationalFormat("+31612345678")).isEqualTo("+31 6 12345678");
		assertThat(Addresses.internationalFormat("+32470123456")).isEqualTo("+32 470 12 34 56");
	}

	@Test
	void phoneIfValidTellsNumbersFromOtherText() {
		assertThat(Addresses.phoneIfValid("06 12345678", "NL")).contains("+31612345678");
		assertThat(Addresses.phoneIfValid("Jansen", "NL")).isEmpty();
	}

	@Test
	void providerIdsAreTrimmedAndKeepTheirCase() {
		assertThat(Addresses.providerId("  Visitor-AbC123 ")).isEqualTo("Visitor-AbC123");
		assertThatThrownBy(() -> Addresses.providerId("  ")).isInstanceOf(InvalidRequest.class);
		assertThatThrownBy(() -> Addresses.providerId("a\nb")).isInstanceOf(InvalidRequest.class);
		assertThatThrownBy(() -> Addresses.providerId("x".repeat(256))).isInstanceOf(InvalidRequest.class);
	}

	@Test
	void addressesKeepTheirDisplayForm() {
		Address email = Address.of(IdentityKind.EMAIL, " Jan@Bücher.de ", null, null, "NL");
		assertThat(email.address()).isEqualTo("jan@xn--bcher-kva.de");
		assertThat(email.displayAddress()).isEqualTo("Jan@Bücher.de");
		assertThat(email.scope()).isEqualTo(Identity.GLOBAL);
		Address phone = Address.of(IdentityKind.PHONE, "06 12345678", "sms", null, "NL");
		assertThat(phone.displayAddress()).isEqualTo("+31 6 12345678");
		assertThat(phone.channelAccountId()).isNull();
	}

	@Test
	void aProviderIdIsUniqueOnlyWithinItsChannelAccount() {
		UUID account = UUID.randomUUID();
		Address id = Address.of(IdentityKind.PROVIDER, "42", "telegram", account, "NL");
		assertThat(id.scope()).isEqualTo(account);
		assertThat(id.channelAccountId()).isEqualTo(account);
		assertThat(id.sameAs(Address.of(IdentityKind.PROVIDER, "42", "telegram", UUID.randomUUID(), "NL")))
			.isFalse();
		assertThatThrownBy(() -> Address.of(IdentityKind.PROVIDER, "42", "telegram", null, "NL"))
			.isInstanceOf(InvalidRequest.class);
	}

}
