package nl.naadloos.support;

import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/** Logs in through the login form, as a browser does, for tests that drive the server-rendered screens. */
public final class ScreenSession {

	private ScreenSession() {
	}

	public static MockHttpSession logIn(MockMvc mvc, String email, String password) throws Exception {
		return (MockHttpSession) mvc.perform(post("/login").param("email", email).param("password", password).with(csrf()))
			.andReturn()
			.getRequest()
			.getSession(false);
	}

	public static MockHttpSession logInAsAdmin(MockMvc mvc) throws Exception {
		return logIn(mvc, TestApi.ADMIN_EMAIL, TestApi.ADMIN_PASSWORD);
	}

}
