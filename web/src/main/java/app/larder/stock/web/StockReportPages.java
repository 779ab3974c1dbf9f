package app.larder.stock.web;

import app.larder.business.Storages;
import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import app.larder.stock.Ingredients;
import app.larder.stock.StockBalances;
import app.larder.stock.StockLedger.Kind;
import app.larder.stock.StockMinimums;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.InitBinder;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Stock → Movements (the movement report of an item or of every item for a period) and Stock → Below minimum (the
 * items short of their minimum, and the minimums themselves). Everyone reads; owners and managers set minimums.
 */
@Controller
class StockReportPages {

    /** A minimum as the page's form sends it: {@code quantity} in the item's stock unit (kg, l, pcs). */
    record MinimumForm(@NotNull UUID itemId, UUID storageId, @NotNull BigDecimal quantity) {
    }

    private final StockBalances balances;
    private final StockMinimums minimums;
    private final Storages storages;
    private final Ingredients ingredients;
    private final StockBalanceMoments moments;
    private final Clock clock;

    StockReportPages(StockBalances balances, StockMinimums minimums, Storages storages, Ingredients ingredients,
                     StockBalanceMoments moments, Clock clock) {
        this.balances = balances;
        this.minimums = minimums;
        this.storages = storages;
        this.ingredients = ingredients;
        this.moments = moments;
        this.clock = clock;
    }

    @InitBinder
    void disallowIds(WebDataBinder binder) {
        binder.setDisallowedFields("id", "tenantId");
    }

    @GetMapping("/stock/movements")
    String movements(@RequestParam(required = false) UUID itemId, @RequestParam(required = false) UUID storageId,
                     @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                     Model model, CurrentUser me) {
        ZoneId zone = moments.zone(storageId, me);
        LocalDate today = LocalDate.ofInstant(clock.instant(), zone);
        String fromText = from == null || from.isBlank() ? today.withDayOfMonth(1).toString() : from;
        String toText = to == null || to.isBlank() ? today.toString() : to;
        model.addAttribute("items", ingredients.all());
        model.addAttribute("storages", StockBalancePages.visibleStorages(storages));
        model.addAttribute("itemId", itemId);
        model.addAttribute("storageId", storageId);
        model.addAttribute("from", fromText);
        model.addAttribute("to", toText);
        model.addAttribute("zone", zone.getId());
        model.addAttribute("incoming", Arrays.stream(Kind.values()).filter(Kind::incoming).toList());
        model.addAttribute("outgoing", Arrays.stream(Kind.values()).filter(k -> !k.incoming()).toList());
        try {
            StockBalances.MovementReport report = balances.movements(storageId, itemId,
                    StockBalanceMoments.from(fromText, zone), StockBalanceMoments.to(toText, zone));
            model.addAttribute("report", report);
            model.addAttribute("item", itemId == null || report.items().isEmpty() ? null : report.items().get(0));
        } catch (RuleViolation e) {
            model.addAttribute("periodError", e.messageKey());
        }
        return "stock/movements";
    }

    @GetMapping("/stock/below-minimum")
    String belowMinimum(Model model) {
        model.addAttribute("below", minimums.belowMinimum());
        model.addAttribute("minimums", minimums.list());
        model.addAttribute("items", ingredients.all().stream().filter(i -> !i.isArchived()).toList());
        model.addAttribute("storages", StockBalancePages.visibleStorages(storages).stream()
                .filter(s -> !s.isArchived()).toList());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new MinimumForm(null, null, null));
        }
        return "stock/minimums";
    }

    @PostMapping("/stock/minimums")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String setMinimum(@Valid @ModelAttribute("form") MinimumForm form, BindingResult result, Model model,
                      RedirectAttributes redirect) {
        if (result.hasErrors()) {
            return belowMinimum(model);
        }
        try {
            var unit = ingredients.get(form.itemId()).ingredient().getStockUnit();
            minimums.set(List.of(new StockMinimums.Setting(form.itemId(), form.storageId(), form.quantity(), unit)));
        } catch (NotFoundException e) {
            result.rejectValue("itemId", "balance.unknownItem", "balance.unknownItem");
            return belowMinimum(model);
        } catch (RuleViolation e) {
            result.rejectValue("quantity", e.messageKey(), e.args(), e.messageKey());
            return belowMinimum(model);
        }
        redirect.addFlashAttribute("success", "balance.minimumSaved");
        return "redirect:/stock/below-minimum";
    }

    @PostMapping("/stock/minimums/remove")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String removeMinimum(@RequestParam UUID itemId, @RequestParam(required = false) UUID storageId,
                         RedirectAttributes redirect) {
        minimums.set(List.of(new StockMinimums.Setting(itemId, storageId, null, null)));
        redirect.addFlashAttribute("success", "balance.minimumRemoved");
        return "redirect:/stock/below-minimum";
    }
}
