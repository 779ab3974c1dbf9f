package app.larder.pos.web;

import app.larder.business.Venue;
import app.larder.business.Venues;
import app.larder.platform.RuleViolation;
import app.larder.platform.web.Forms;
import app.larder.platform.web.Paging;
import app.larder.pos.PosDevice;
import app.larder.pos.PosDevices;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.Page;
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

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Settings → POS devices: the terminals of each venue with their last contact, a new device with its pairing code
 * (shown once, large, with when it expires), a new code, and revoking.
 */
@Controller
@PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
class PosDevicePages {

    private final PosDevices devices;
    private final Venues venues;

    PosDevicePages(PosDevices devices, Venues venues) {
        this.devices = devices;
        this.venues = venues;
    }

    record DeviceForm(@NotNull UUID venueId, @NotBlank @Size(max = 100) String name) {
    }

    @GetMapping("/settings/pos-devices")
    String list(@RequestParam(required = false) UUID venueId, @RequestParam(required = false) String q,
                @RequestParam(defaultValue = "false") boolean revoked,
                @RequestParam(required = false) Integer page, @RequestParam(required = false) String sort,
                Model model) {
        Page<PosDevice> found;
        try {
            found = devices.search(new PosDevices.DeviceQuery(venueId, q, revoked),
                    Paging.of(page, 25, sort, PosDeviceApi.SORTS, "name"));
        } catch (RuleViolation e) {
            found = devices.search(new PosDevices.DeviceQuery(null, q, revoked),
                    Paging.of(0, 25, null, PosDeviceApi.SORTS, "name"));
        }
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new DeviceForm(venueId, ""));
        }
        return page(model, found, venueId, q, revoked, sort);
    }

    @PostMapping("/settings/pos-devices")
    String create(@Valid @ModelAttribute("form") DeviceForm form, BindingResult result, Model model,
                  RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                PosDevices.PairingCode created = devices.create(form.venueId(), form.name());
                return showCode(redirect, created, "pos.created");
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        Page<PosDevice> found = devices.search(new PosDevices.DeviceQuery(null, null, false),
                Paging.of(0, 25, null, PosDeviceApi.SORTS, "name"));
        return page(model, found, null, null, false, null);
    }

    @PostMapping("/settings/pos-devices/{id}/pairing-code")
    String newCode(@PathVariable UUID id, RedirectAttributes redirect) {
        try {
            return showCode(redirect, devices.newCode(id), "pos.newCode");
        } catch (RuleViolation e) {
            return Forms.flash(redirect, "/settings/pos-devices", () -> {
                throw e;
            }, null);
        }
    }

    @PostMapping("/settings/pos-devices/{id}/revoke")
    String revoke(@PathVariable UUID id, RedirectAttributes redirect) {
        return Forms.flash(redirect, "/settings/pos-devices", () -> devices.revoke(id), "pos.revoked");
    }

    private static String showCode(RedirectAttributes redirect, PosDevices.PairingCode created, String successKey) {
        redirect.addFlashAttribute("success", successKey);
        redirect.addFlashAttribute("pairingCode", created.code());
        redirect.addFlashAttribute("pairingDevice", created.device().getName());
        redirect.addFlashAttribute("pairingExpiresAt", created.expiresAt());
        return "redirect:/settings/pos-devices";
    }

    private String page(Model model, Page<PosDevice> found, UUID venueId, String q, boolean revoked, String sort) {
        Map<UUID, String> venueNames = venues.active().stream()
                .collect(Collectors.toMap(Venue::getId, Venue::getName));
        model.addAttribute("devices", found);
        model.addAttribute("venues", venues.active());
        model.addAttribute("venueNames", venueNames);
        model.addAttribute("venueId", venueId);
        model.addAttribute("q", q);
        model.addAttribute("revoked", revoked);
        model.addAttribute("sort", sort == null ? "name" : sort);
        model.addAttribute("now", Instant.now());
        return "pos/devices";
    }
}
