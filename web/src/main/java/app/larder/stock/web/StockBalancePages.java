package app.larder.stock.web;

import app.larder.business.Storage;
import app.larder.business.Storages;
import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import app.larder.platform.web.Paging;
import app.larder.stock.Ingredients;
import app.larder.stock.StockBalances;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Pageable;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/** Stock → Balances: what every storage (or one) held at a moment, in the venue's time zone. Everyone reads it. */
@Controller
class StockBalancePages {

    private static final int PAGE_SIZE = 50;

    private final StockBalances balances;
    private final Storages storages;
    private final Ingredients ingredients;
    private final StockBalanceMoments moments;
    private final Clock clock;

    StockBalancePages(StockBalances balances, Storages storages, Ingredients ingredients,
                      StockBalanceMoments moments, Clock clock) {
        this.balances = balances;
        this.storages = storages;
        this.ingredients = ingredients;
        this.moments = moments;
        this.clock = clock;
    }

    @GetMapping("/stock/balances")
    String balances(@RequestParam(required = false) UUID storageId, @RequestParam(required = false) String at,
                    @RequestParam(required = false) String q, @RequestParam(required = false) String category,
                    @RequestParam(required = false) Integer page, @RequestParam(required = false) String sort,
                    Model model, CurrentUser me) {
        ZoneId zone = moments.zone(storageId, me);
        Instant moment;
        try {
            moment = StockBalanceMoments.at(at, zone, clock.instant());
        } catch (RuleViolation e) {
            model.addAttribute("momentError", e.messageKey());
            moment = clock.instant();
        }
        PageRequest request;
        try {
            request = Paging.of(page, PAGE_SIZE, sort, StockBalances.SORTS, "name");
        } catch (RuleViolation e) {
            request = Paging.of(0, PAGE_SIZE, null, StockBalances.SORTS, "name");
        }
        StockBalances.Balances found = balances.balances(new StockBalances.BalanceQuery(storageId, moment, q,
                category), request);
        model.addAttribute("balances", found);
        model.addAttribute("rows", found.rows());
        model.addAttribute("storages", visibleStorages(storages));
        model.addAttribute("storageId", storageId);
        model.addAttribute("at", LocalDateTime.ofInstant(moment, zone).truncatedTo(ChronoUnit.MINUTES).toString());
        model.addAttribute("zone", zone.getId());
        model.addAttribute("q", q);
        model.addAttribute("category", category);
        model.addAttribute("categories", ingredients.categories());
        model.addAttribute("filtered", (q != null && !q.isBlank()) || (category != null && !category.isBlank()));
        return "stock/balances";
    }

    /** Every storage the user may see, archived ones last (stock may still be recorded there). */
    static List<Storage> visibleStorages(Storages storages) {
        Pageable all = Pageable.unpaged(Sort.by("archived", "name"));
        return storages.search(new Storages.StorageQuery(null, null, true), all).getContent();
    }
}
