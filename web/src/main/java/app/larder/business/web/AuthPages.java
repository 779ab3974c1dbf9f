package app.larder.business.web;

import app.larder.business.Businesses;
import app.larder.platform.RuleViolation;
import app.larder.platform.web.Forms;
import app.larder.platform.web.RateLimits;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Login and sign-up pages: the only pages open to everyone. */
@Controller
class AuthPages {

    static final List<String> CURRENCIES = List.of("UAH", "EUR", "USD", "GBP", "PLN", "CZK", "GEL", "KZT");
    static final List<String> LOCALES = List.of("en-GB", "en-US", "uk-UA", "ru-UA");

    /** The languages and formats a business can choose, each named in the language of the page. */
    static Map<String, String> locales(Locale pageLocale) {
        Map<String, String> named = new LinkedHashMap<>();
        LOCALES.forEach(tag -> named.put(tag, Locale.forLanguageTag(tag).getDisplayName(pageLocale)));
        return named;
    }

    private final Businesses businesses;
    private final RateLimits limits;

    AuthPages(Businesses businesses, RateLimits limits) {
        this.businesses = businesses;
        this.limits = limits;
    }

    record SignUpForm(@NotBlank @Size(max = 200) String businessName,
                      @Size(max = 200) String ownerName,
                      @NotBlank @Email @Size(max = 320) String email,
                      @NotBlank @Size(max = 200) String password,
                      @NotBlank String currency,
                      @NotBlank String timezone,
                      @NotBlank String locale) {

        static SignUpForm empty() {
            return new SignUpForm("", "", "", "", "UAH", "Europe/Kyiv", "en-GB");
        }
    }

    @GetMapping("/login")
    String login() {
        return "business/login";
    }

    @GetMapping("/signup")
    String signUpForm(Model model) {
        model.addAttribute("form", SignUpForm.empty());
        return signUpPage(model);
    }

    @PostMapping("/signup")
    String signUp(@Valid @ModelAttribute("form") SignUpForm form, BindingResult result, Model model,
                  HttpServletRequest request, RedirectAttributes redirect) {
        if (result.hasErrors()) {
            return signUpPage(model);
        }
        try {
            limits.checkSignup(request);
            businesses.signUp(new Businesses.NewBusiness(form.businessName(), form.ownerName(), form.email(),
                    form.password(), form.currency(), form.timezone(), form.locale()));
        } catch (RuleViolation e) {
            Forms.reject(result, e);
            return signUpPage(model);
        }
        redirect.addFlashAttribute("success", "signup.done");
        redirect.addAttribute("email", form.email().trim());
        return "redirect:/login";
    }

    private static String signUpPage(Model model) {
        model.addAttribute("currencies", CURRENCIES);
        model.addAttribute("minPasswordLength", app.larder.business.Passwords.MIN_LENGTH);
        model.addAttribute("timezones", timezones());
        model.addAttribute("locales", locales(LocaleContextHolder.getLocale()));
        return "business/signup";
    }

    static Set<String> timezones() {
        Set<String> zones = new TreeSet<>();
        java.time.ZoneId.getAvailableZoneIds().stream()
                .filter(z -> z.matches("(Europe|Asia|America|Africa|Australia|Pacific|Atlantic|Indian)/.*"))
                .forEach(zones::add);
        return zones;
    }
}
