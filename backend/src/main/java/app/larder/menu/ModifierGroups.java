package app.larder.menu;

import app.larder.platform.NotFoundException;
import app.larder.platform.RuleViolation;
import app.larder.platform.audit.AuditLog;
import app.larder.platform.tenancy.Ids;
import app.larder.stock.Ingredients;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Modifier groups and their options. An option keeps its id across edits, so terminals can rely on it. */
@Service
public class ModifierGroups {

    private final Repository groups;
    private final Ingredients ingredients;
    private final AuditLog audit;

    ModifierGroups(Repository groups, Ingredients ingredients, AuditLog audit) {
        this.groups = groups;
        this.ingredients = ingredients;
        this.audit = audit;
    }

    /** An option as entered; {@code id} null makes a new one. Quantities in the ingredient's base unit. */
    public record OptionInput(UUID id, String name, BigDecimal priceDelta, ModifierOption.Effect effect,
                              UUID ingredientId, BigDecimal quantity, UUID replacesIngredientId) {
    }

    public record GroupInput(String name, Integer minSelected, Integer maxSelected, List<OptionInput> options) {
    }

    @Transactional(readOnly = true)
    public List<ModifierGroup> all() {
        return groups.findAll().stream().sorted(java.util.Comparator.comparing(ModifierGroup::getName)).toList();
    }

    @Transactional(readOnly = true)
    public ModifierGroup get(UUID id) {
        return groups.findById(id).orElseThrow(() -> new NotFoundException("modifier group", id));
    }

    @Transactional(readOnly = true)
    public Map<UUID, ModifierGroup> find(Collection<UUID> ids) {
        Map<UUID, ModifierGroup> found = new HashMap<>();
        groups.findAllById(ids).forEach(g -> found.put(g.getId(), g));
        return found;
    }

    @Transactional
    public ModifierGroup create(GroupInput input) {
        ModifierGroup group = new ModifierGroup(Ids.next());
        describe(group, input, null);
        groups.save(group);
        audit.record("created", "modifier-group", group.getId(), "Modifier group \"" + group.getName() + "\" with "
                + group.getOptions().size() + " options");
        return group;
    }

    @Transactional
    public ModifierGroup change(UUID id, GroupInput input) {
        ModifierGroup group = get(id);
        describe(group, input, id);
        audit.record("updated", "modifier-group", id, "Modifier group \"" + group.getName() + "\"");
        return group;
    }

    private void describe(ModifierGroup group, GroupInput input, UUID id) {
        if (input.name() == null || input.name().isBlank()) {
            throw new RuleViolation("name", "validation.required");
        }
        String name = input.name().trim();
        if (groups.findAll().stream().anyMatch(g -> !g.getId().equals(id) && g.getName().equalsIgnoreCase(name))) {
            throw new RuleViolation("name", "modifier.nameTaken");
        }
        int min = input.minSelected() == null ? 0 : input.minSelected();
        int max = input.maxSelected() == null ? 1 : input.maxSelected();
        if (min < 0 || max < 1 || min > max) {
            throw new RuleViolation("minSelected", "modifier.selectionRange");
        }
        if (input.options() == null || input.options().isEmpty()) {
            throw new RuleViolation("options", "modifier.noOptions");
        }
        if (max > input.options().size()) {
            throw new RuleViolation("maxSelected", "modifier.maxAboveOptions", input.options().size());
        }
        Set<UUID> ingredientIds = new HashSet<>();
        input.options().forEach(o -> {
            if (o.ingredientId() != null) {
                ingredientIds.add(o.ingredientId());
            }
            if (o.replacesIngredientId() != null) {
                ingredientIds.add(o.replacesIngredientId());
            }
        });
        Set<UUID> known = ingredients.items(ingredientIds).keySet();
        Set<UUID> existingIds = new HashSet<>();
        group.getOptions().forEach(o -> existingIds.add(o.getId()));
        List<ModifierOption> options = new ArrayList<>();
        for (int i = 0; i < input.options().size(); i++) {
            OptionInput o = input.options().get(i);
            String at = "options[" + i + "].";
            if (o.name() == null || o.name().isBlank()) {
                throw new RuleViolation(at + "name", "validation.required");
            }
            BigDecimal delta = o.priceDelta() == null ? BigDecimal.ZERO : o.priceDelta();
            if (delta.abs().compareTo(new BigDecimal("1000000000")) >= 0) {
                throw new RuleViolation(at + "priceDelta", "validation.tooLarge");
            }
            ModifierOption.Effect effect = o.effect() == null ? ModifierOption.Effect.NONE : o.effect();
            if (effect != ModifierOption.Effect.NONE) {
                if (o.ingredientId() == null || !known.contains(o.ingredientId())) {
                    throw new RuleViolation(at + "ingredientId", "modifier.unknownIngredient");
                }
                if (o.quantity() == null || o.quantity().signum() <= 0) {
                    throw new RuleViolation(at + "quantity", "techCard.quantityPositive");
                }
            }
            if (effect == ModifierOption.Effect.REPLACE
                    && (o.replacesIngredientId() == null || !known.contains(o.replacesIngredientId()))) {
                throw new RuleViolation(at + "replacesIngredientId", "modifier.unknownIngredient");
            }
            UUID optionId = o.id() != null && existingIds.contains(o.id()) ? o.id() : Ids.next();
            options.add(new ModifierOption(optionId, o.name().trim(), delta, effect,
                    effect == ModifierOption.Effect.NONE ? null : o.ingredientId(),
                    effect == ModifierOption.Effect.NONE ? null : o.quantity(),
                    effect == ModifierOption.Effect.REPLACE ? o.replacesIngredientId() : null));
        }
        group.describe(name, min, max, options);
    }

    interface Repository extends JpaRepository<ModifierGroup, UUID> {
    }
}
