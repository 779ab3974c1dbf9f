package app.larder.sales.web;

import app.larder.business.Storage;
import app.larder.business.Venue;
import app.larder.business.Venues;
import app.larder.platform.RuleViolation;
import app.larder.sales.SalesSettings;
import app.larder.sales.WriteOffStorages;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Stock → Write-off storages: per venue, the menu's category tree with a storage picker per category. A blank
 * picker follows the category above it (or the venue's default storage at the top).
 */
@Controller
class WriteOffStoragePages {

    private final WriteOffStorages writeOffStorages;
    private final Venues venues;
    private final SalesSettings salesSettings;

    WriteOffStoragePages(WriteOffStorages writeOffStorages, Venues venues, SalesSettings salesSettings) {
        this.salesSettings = salesSettings;
        this.writeOffStorages = writeOffStorages;
        this.venues = venues;
    }

    /** One row of the page: a category and the storage chosen for it, blank to follow the category above. */
    record RuleRow(UUID categoryId, UUID storageId) {
    }

    record RulesForm(UUID venueId, List<RuleRow> rules) {
    }

    @InitBinder
    void disallowIds(WebDataBinder binder) {
        binder.setDisallowedFields("id", "tenantId");
    }

    @GetMapping("/stock/write-off-storages")
    String page(@RequestParam(required = false) UUID venueId, Model model) {
        List<Venue> active = venues.active();
        UUID shown = venueId != null ? venueId : active.isEmpty() ? null : active.get(0).getId();
        model.addAttribute("venues", active);
        if (shown != null) {
            WriteOffStorages.Setting setting = writeOffStorages.of(shown);
            model.addAttribute("setting", setting);
            model.addAttribute("returnStockOnRefund", salesSettings.returnsStockOnRefund(shown));
            model.addAttribute("followed", followed(setting));
            model.addAttribute("form", new RulesForm(shown, setting.categories().stream()
                    .map(c -> new RuleRow(c.categoryId(), Objects.equals(c.ruleCategoryId(), c.categoryId())
                            ? c.storageId() : null)).toList()));
        }
        return "sales/write-off-storages";
    }

    /**
     * For each category, the name of the storage it gets when its picker is left blank: that of the category above
     * it, or the venue's default at the top of the tree.
     */
    private static List<String> followed(WriteOffStorages.Setting setting) {
        Map<UUID, String> names = setting.activeStorages().stream()
                .collect(Collectors.toMap(Storage::getId, Storage::getName));
        List<String> followed = new ArrayList<>();
        List<UUID> path = new ArrayList<>();
        for (WriteOffStorages.CategoryStorage c : setting.categories()) {
            while (path.size() > c.depth()) {
                path.remove(path.size() - 1);
            }
            followed.add(names.get(path.isEmpty() ? setting.defaultStorage().getId() : path.get(path.size() - 1)));
            path.add(c.storageId());
        }
        return followed;
    }

    @PostMapping("/stock/write-off-storages/refunds")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String saveRefunds(@RequestParam UUID venueId, @RequestParam(defaultValue = "false") boolean returnStockOnRefund,
                       RedirectAttributes redirect) {
        salesSettings.setReturnsStockOnRefund(venueId, returnStockOnRefund);
        redirect.addFlashAttribute("success", "sales.refundSettingSaved");
        return "redirect:" + UriComponentsBuilder.fromPath("/stock/write-off-storages")
                .queryParam("venueId", venueId).toUriString();
    }

    @PostMapping("/stock/write-off-storages")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String save(@ModelAttribute("form") RulesForm form, RedirectAttributes redirect) {
        if (form.venueId() == null) {
            return "redirect:/stock/write-off-storages";
        }
        List<WriteOffStorages.Rule> rules = form.rules() == null ? List.of() : form.rules().stream()
                .filter(r -> r != null && r.categoryId() != null && r.storageId() != null)
                .map(r -> new WriteOffStorages.Rule(r.categoryId(), r.storageId())).toList();
        try {
            writeOffStorages.replace(form.venueId(), rules);
            redirect.addFlashAttribute("success", "sales.writeOffStoragesSaved");
        } catch (RuleViolation e) {
            redirect.addFlashAttribute("failure", e.messageKey());
            redirect.addFlashAttribute("failureArgs", e.args());
        }
        return "redirect:" + UriComponentsBuilder.fromPath("/stock/write-off-storages")
                .queryParam("venueId", form.venueId()).toUriString();
    }
}
