package app.larder.business.web;

import app.larder.platform.security.CurrentUser;
import app.larder.business.Storages;
import app.larder.business.Venue;
import app.larder.business.Venues;
import app.larder.platform.RuleViolation;
import app.larder.platform.web.Forms;
import app.larder.platform.web.Paging;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Page;
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

import java.util.UUID;

/** Venues and their storages, in Settings. */
@Controller
class VenuePages {

    private final Venues venues;
    private final Storages storages;

    VenuePages(Venues venues, Storages storages) {
        this.venues = venues;
        this.storages = storages;
    }

    record VenueForm(@NotBlank @Size(max = 200) String name, @Size(max = 500) String address,
                     @NotBlank String timezone) {
    }

    record StorageForm(@NotBlank @Size(max = 200) String name) {
    }

    @InitBinder
    void disallowIds(WebDataBinder binder) {
        binder.setDisallowedFields("id", "tenantId");
    }

    @GetMapping("/settings/venues")
    String list(@RequestParam(required = false) String q,
                @RequestParam(defaultValue = "false") boolean archived,
                @RequestParam(required = false) Integer page,
                @RequestParam(required = false) String sort, Model model) {
        Page<Venue> found;
        try {
            found = venues.search(new Venues.VenueQuery(q, archived),
                    Paging.of(page, 25, sort, VenueApi.VENUE_SORTS, "name"));
        } catch (RuleViolation e) {
            found = venues.search(new Venues.VenueQuery(q, archived), Paging.of(0, 25, null, VenueApi.VENUE_SORTS,
                    "name"));
        }
        model.addAttribute("venues", found);
        model.addAttribute("q", q);
        model.addAttribute("archived", archived);
        model.addAttribute("sort", sort == null ? "name" : sort);
        return "business/venues";
    }

    @GetMapping("/settings/venues/new")
    @PreAuthorize("hasRole('OWNER')")
    String newVenue(Model model, app.larder.platform.security.CurrentUser me) {
        model.addAttribute("form", new VenueForm("", "", me.timezone().getId()));
        return venueForm(model, null);
    }

    @PostMapping("/settings/venues/new")
    @PreAuthorize("hasRole('OWNER')")
    String create(@Valid @ModelAttribute("form") VenueForm form, BindingResult result, Model model,
                  RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                Venue venue = venues.create(new Venues.VenueDetails(form.name(), form.address(), form.timezone()));
                redirect.addFlashAttribute("success", "venue.created");
                return "redirect:/settings/venues/" + venue.getId();
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return venueForm(model, null);
    }

    @GetMapping("/settings/venues/{id}")
    String show(@PathVariable UUID id, Model model) {
        Venue venue = venues.get(id);
        model.addAttribute("venue", venue);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new VenueForm(venue.getName(), venue.getAddress(),
                    venue.getTimezone().getId()));
        }
        if (!model.containsAttribute("storageForm")) {
            model.addAttribute("storageForm", new StorageForm(""));
        }
        model.addAttribute("storages", storages.ofVenue(id));
        model.addAttribute("timezones", AuthPages.timezones());
        return "business/venue";
    }

    @PostMapping("/settings/venues/{id}")
    @PreAuthorize("hasRole('OWNER')")
    String change(@PathVariable UUID id, @Valid @ModelAttribute("form") VenueForm form, BindingResult result,
                  Model model, RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                venues.change(id, new Venues.VenueDetails(form.name(), form.address(), form.timezone()));
                redirect.addFlashAttribute("success", "venue.saved");
                return "redirect:/settings/venues/" + id;
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return show(id, model);
    }

    @PostMapping("/settings/venues/{id}/archive")
    @PreAuthorize("hasRole('OWNER')")
    String archive(@PathVariable UUID id, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/settings/venues/" + id, () -> venues.archive(id), "venue.archived");
    }

    @PostMapping("/settings/venues/{id}/restore")
    @PreAuthorize("hasRole('OWNER')")
    String restore(@PathVariable UUID id, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/settings/venues/" + id, () -> venues.restore(id), "venue.restored");
    }

    @PostMapping("/settings/venues/{id}/storages")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String addStorage(@PathVariable UUID id, @Valid @ModelAttribute("storageForm") StorageForm form,
                      BindingResult result, Model model, RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                storages.create(venues.get(id).getId(), form.name());
                redirect.addFlashAttribute("success", "storage.created");
                return "redirect:/settings/venues/" + id;
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return show(id, model);
    }

    @PostMapping("/settings/storages/{id}/rename")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String renameStorage(@PathVariable UUID id, @RequestParam String name, RedirectAttributes redirect) {
        UUID venueId = storages.get(id).getVenueId();
        return Forms.flash(redirect, "/settings/venues/" + venueId, () -> storages.rename(id, name), "storage.saved");
    }

    @PostMapping("/settings/storages/{id}/archive")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String archiveStorage(@PathVariable UUID id, RedirectAttributes redirect) {
        UUID venueId = storages.get(id).getVenueId();
        return Forms.flash(redirect, "/settings/venues/" + venueId, () -> storages.archive(id), "storage.archived");
    }

    @PostMapping("/settings/storages/{id}/restore")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String restoreStorage(@PathVariable UUID id, RedirectAttributes redirect) {
        UUID venueId = storages.get(id).getVenueId();
        return Forms.flash(redirect, "/settings/venues/" + venueId, () -> storages.restore(id), "storage.restored");
    }

    private String venueForm(Model model, Venue venue) {
        model.addAttribute("venue", venue);
        model.addAttribute("timezones", AuthPages.timezones());
        return "business/venue-new";
    }

}
