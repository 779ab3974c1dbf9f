package app.larder.business.web;

import app.larder.platform.security.CurrentUser;
import app.larder.business.ApiTokens;
import app.larder.business.Business;
import app.larder.business.Businesses;
import app.larder.business.Users;
import app.larder.platform.RuleViolation;
import app.larder.platform.web.Forms;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.UUID;

/** The user's own profile (password, API tokens) and the owner's business settings. */
@Controller
class SettingsPages {

    private final Users users;
    private final ApiTokens tokens;
    private final Businesses businesses;

    SettingsPages(Users users, ApiTokens tokens, Businesses businesses) {
        this.users = users;
        this.tokens = tokens;
        this.businesses = businesses;
    }

    record PasswordForm(@NotBlank String currentPassword, @NotBlank String newPassword,
                        @NotBlank String confirmPassword) {
    }

    record BusinessForm(@NotBlank @Size(max = 200) String name, @NotBlank String timezone,
                        @NotBlank String locale) {
    }

    @GetMapping("/settings/profile")
    String profile(Model model, CurrentUser me) {
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new PasswordForm("", "", ""));
        }
        model.addAttribute("tokens", tokens.ofUser(me.userId()));
        model.addAttribute("minPasswordLength", app.larder.business.Passwords.MIN_LENGTH);
        return "business/profile";
    }

    @PostMapping("/settings/profile/password")
    String changePassword(@Valid @ModelAttribute("form") PasswordForm form, BindingResult result, Model model,
                          CurrentUser me, RedirectAttributes redirect) {
        if (!result.hasErrors() && !form.newPassword().equals(form.confirmPassword())) {
            result.rejectValue("confirmPassword", "password.mismatch");
        }
        if (!result.hasErrors()) {
            try {
                users.changePassword(me.userId(), form.currentPassword(), form.newPassword());
                redirect.addFlashAttribute("success", "password.changed");
                return "redirect:/settings/profile";
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return profile(model, me);
    }

    @PostMapping("/settings/profile/tokens")
    String issueToken(@RequestParam(required = false) String name, CurrentUser me,
                      RedirectAttributes redirect) {
        try {
            ApiTokens.IssuedToken issued = tokens.issue(me.userId(), name);
            redirect.addFlashAttribute("issuedToken", issued.token());
            redirect.addFlashAttribute("success", "token.issued");
        } catch (RuleViolation e) {
            redirect.addFlashAttribute("failure", e.messageKey());
            redirect.addFlashAttribute("failureArgs", e.args());
        }
        return "redirect:/settings/profile";
    }

    @PostMapping("/settings/profile/tokens/{id}/revoke")
    String revokeToken(@PathVariable UUID id, CurrentUser me, RedirectAttributes redirect) {
        tokens.revoke(me.userId(), id);
        redirect.addFlashAttribute("success", "token.revoked");
        return "redirect:/settings/profile";
    }

    @GetMapping("/settings/business")
    @PreAuthorize("hasRole('OWNER')")
    String business(Model model) {
        Business business = businesses.current();
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new BusinessForm(business.getName(), business.getTimezone().getId(),
                    business.getLocale().toLanguageTag()));
        }
        model.addAttribute("business", business);
        model.addAttribute("timezones", AuthPages.timezones());
        model.addAttribute("locales", AuthPages.locales(org.springframework.context.i18n.LocaleContextHolder.getLocale()));
        return "business/settings";
    }

    @PostMapping("/settings/business")
    @PreAuthorize("hasRole('OWNER')")
    String changeBusiness(@Valid @ModelAttribute("form") BusinessForm form, BindingResult result, Model model,
                          RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                businesses.changeSettings(form.name(), form.timezone(), form.locale());
                redirect.addFlashAttribute("success", "business.saved");
                return "redirect:/settings/business";
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return business(model);
    }
}
