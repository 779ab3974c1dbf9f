package app.larder.business.web;

import app.larder.business.AppUser;
import app.larder.business.Role;
import app.larder.business.Users;
import app.larder.business.Venues;
import app.larder.platform.RuleViolation;
import app.larder.platform.web.Forms;
import app.larder.platform.web.Paging;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.Set;
import java.util.UUID;

/** The owner's pages for the people of the business. */
@Controller
@PreAuthorize("hasRole('OWNER')")
class UserPages {

    private final Users users;
    private final Venues venues;

    UserPages(Users users, Venues venues) {
        this.users = users;
        this.venues = venues;
    }

    record InviteForm(@NotBlank @Email @Size(max = 320) String email, @NotBlank @Size(max = 200) String fullName,
                      @NotNull Role role, Set<UUID> venueIds) {
    }

    record UserForm(@NotBlank @Size(max = 200) String fullName, @NotNull Role role, Set<UUID> venueIds) {
    }

    @InitBinder
    void disallowIds(WebDataBinder binder) {
        binder.setDisallowedFields("id", "tenantId");
    }

    @GetMapping("/settings/users")
    String list(@RequestParam(required = false) String q, @RequestParam(required = false) Role role,
                @RequestParam(required = false) Boolean active, @RequestParam(required = false) Integer page,
                @RequestParam(required = false) String sort, Model model) {
        String s = sort != null && UserApi.SORTS.contains(sort.split(",")[0]) ? sort : "fullName";
        model.addAttribute("users", users.search(new Users.UserQuery(q, role, active),
                Paging.of(page, 25, s, UserApi.SORTS, "fullName")));
        model.addAttribute("q", q);
        model.addAttribute("role", role);
        model.addAttribute("active", active);
        model.addAttribute("sort", s);
        model.addAttribute("roles", Role.values());
        return "business/users";
    }

    @GetMapping("/settings/users/new")
    String inviteForm(Model model) {
        model.addAttribute("form", new InviteForm("", "", Role.MANAGER, Set.of()));
        return invitePage(model);
    }

    @PostMapping("/settings/users/new")
    String invite(@Valid @ModelAttribute("form") InviteForm form, BindingResult result, Model model,
                  RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                Users.Invited invited = users.invite(new Users.Invitation(form.email(), form.fullName(), form.role(),
                        form.venueIds()));
                redirect.addFlashAttribute("invitedName", invited.user().getFullName());
                redirect.addFlashAttribute("invitedEmail", invited.user().getEmail());
                redirect.addFlashAttribute("temporaryPassword", invited.temporaryPassword());
                return "redirect:/settings/users/invited";
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return invitePage(model);
    }

    /** Shows the temporary password once: it lives only in the flash of the redirect after the invitation. */
    @GetMapping("/settings/users/invited")
    String invited(Model model) {
        return model.containsAttribute("temporaryPassword") ? "business/user-invited" : "redirect:/settings/users";
    }

    @GetMapping("/settings/users/{id}")
    String show(@PathVariable UUID id, Model model) {
        AppUser user = users.get(id);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new UserForm(user.getFullName(), user.getRole(), user.getVenueIds()));
        }
        model.addAttribute("user", user);
        model.addAttribute("roles", Role.values());
        model.addAttribute("allVenues", venues.active());
        return "business/user";
    }

    @PostMapping("/settings/users/{id}")
    String change(@PathVariable UUID id, @Valid @ModelAttribute("form") UserForm form, BindingResult result,
                  Model model, RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                users.change(id, new Users.UserChange(form.fullName(), form.role(), form.venueIds()));
                redirect.addFlashAttribute("success", "user.saved");
                return "redirect:/settings/users/" + id;
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return show(id, model);
    }

    @PostMapping("/settings/users/{id}/deactivate")
    String deactivate(@PathVariable UUID id, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/settings/users/" + id, () -> users.deactivate(id), "user.deactivated");
    }

    @PostMapping("/settings/users/{id}/activate")
    String activate(@PathVariable UUID id, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/settings/users/" + id, () -> users.activate(id), "user.activated");
    }

    private String invitePage(Model model) {
        model.addAttribute("roles", Role.values());
        model.addAttribute("allVenues", venues.active());
        return "business/user-new";
    }
}
