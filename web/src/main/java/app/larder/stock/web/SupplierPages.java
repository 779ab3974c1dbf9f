package app.larder.stock.web;

import app.larder.platform.RuleViolation;
import app.larder.platform.security.CurrentUser;
import app.larder.platform.web.Forms;
import app.larder.platform.web.Paging;
import app.larder.shared.Money;
import app.larder.stock.Supplier;
import app.larder.stock.Suppliers;
import app.larder.stock.Supplies;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
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

/** Stock → Suppliers: the list, a new supplier, and one supplier with its items, last prices and supplies. */
@Controller
class SupplierPages {

    static final Set<String> SORTS = Set.of("name", "createdAt");
    private static final int PAGE_SIZE = 25;
    private static final int LATEST_SUPPLIES = 10;

    private final Suppliers suppliers;
    private final Supplies supplies;

    SupplierPages(Suppliers suppliers, Supplies supplies) {
        this.suppliers = suppliers;
        this.supplies = supplies;
    }

    /** {@code version}: the one the form was filled from, so a change saved in between is not overwritten. */
    record SupplierForm(@NotBlank @Size(max = 200) String name, @Size(max = 50) String taxId,
                        @Size(max = 50) String phone, @Size(max = 200) String email,
                        @Size(max = 200) String contactPerson, @Size(max = 500) String address,
                        @Size(max = 4000) String notes, Long version) {

        static SupplierForm of(Supplier s) {
            return new SupplierForm(s.getName(), s.getTaxId(), s.getPhone(), s.getEmail(), s.getContactPerson(),
                    s.getAddress(), s.getNotes(), s.getVersion());
        }

        Suppliers.SupplierDetails details() {
            return new Suppliers.SupplierDetails(name, taxId, phone, email, contactPerson, address, notes);
        }
    }

    /** An item the supplier delivers and its last price in the business's currency. */
    record ItemRow(Suppliers.SuppliedItem item, Money lastPrice) {
    }

    @InitBinder
    void disallowIds(WebDataBinder binder) {
        binder.setDisallowedFields("id", "tenantId");
    }

    @GetMapping("/stock/suppliers")
    String list(@RequestParam(required = false) String q, @RequestParam(defaultValue = "false") boolean archived,
                @RequestParam(required = false) Integer page, @RequestParam(required = false) String sort,
                Model model) {
        PageRequest request;
        try {
            request = Paging.of(page, PAGE_SIZE, sort, SORTS, "name");
        } catch (RuleViolation e) {
            request = Paging.of(0, PAGE_SIZE, null, SORTS, "name");
        }
        model.addAttribute("suppliers", suppliers.search(new Suppliers.SupplierQuery(q, archived), request));
        model.addAttribute("q", q);
        model.addAttribute("archived", archived);
        model.addAttribute("filtered", (q != null && !q.isBlank()) || archived);
        return "stock/suppliers";
    }

    @GetMapping("/stock/suppliers/new")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String newSupplier(Model model) {
        model.addAttribute("form", new SupplierForm("", "", "", "", "", "", "", null));
        return "stock/supplier-new";
    }

    @PostMapping("/stock/suppliers/new")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String create(@Valid @ModelAttribute("form") SupplierForm form, BindingResult result,
                  RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                Supplier created = suppliers.create(form.details());
                redirect.addFlashAttribute("success", "supplier.created");
                return "redirect:/stock/suppliers/" + created.getId();
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return "stock/supplier-new";
    }

    @GetMapping("/stock/suppliers/{id}")
    String show(@PathVariable UUID id, Model model, CurrentUser me) {
        Supplier supplier = suppliers.get(id);
        model.addAttribute("supplier", supplier);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", SupplierForm.of(supplier));
        }
        model.addAttribute("items", suppliers.items(id).stream()
                .map(i -> new ItemRow(i, new Money(i.lastPricePerStockUnit(), me.currency()))).toList());
        model.addAttribute("supplies", supplies.ofSupplier(id, PageRequest.of(0, LATEST_SUPPLIES,
                Sort.by(Sort.Direction.DESC, "suppliedAt").and(Sort.by("id")))));
        return "stock/supplier";
    }

    @PostMapping("/stock/suppliers/{id}")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String change(@PathVariable UUID id, @Valid @ModelAttribute("form") SupplierForm form, BindingResult result,
                  Model model, CurrentUser me, RedirectAttributes redirect) {
        if (!result.hasErrors()) {
            try {
                suppliers.change(id, form.version(), form.details());
                redirect.addFlashAttribute("success", "supplier.saved");
                return "redirect:/stock/suppliers/" + id;
            } catch (RuleViolation e) {
                Forms.reject(result, e);
            }
        }
        return show(id, model, me);
    }

    @PostMapping("/stock/suppliers/{id}/archive")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String archive(@PathVariable UUID id, RedirectAttributes redirect) {
        suppliers.archive(id);
        redirect.addFlashAttribute("success", "supplier.archived");
        return "redirect:/stock/suppliers/" + id;
    }

    @PostMapping("/stock/suppliers/{id}/restore")
    @PreAuthorize("hasAnyRole('OWNER', 'MANAGER')")
    String restore(@PathVariable UUID id, RedirectAttributes redirect) {
        suppliers.restore(id);
        redirect.addFlashAttribute("success", "supplier.restored");
        return "redirect:/stock/suppliers/" + id;
    }
}
