package app.larder.recipe;

import app.larder.shared.Unit;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * One line of a tech card: a component taken from stock (gross, in the component's base unit), its processing, and
 * what remains (net). The loss is copied from the processing method when the card is saved, so a later change of
 * the method does not rewrite recipes already in force.
 */
@Embeddable
public class TechCardLine {

    /** What a line takes: an ingredient from stock, or a semi-finished product. */
    public enum ComponentKind { INGREDIENT, SEMI }

    @Enumerated(EnumType.STRING)
    @Column(name = "component_kind", nullable = false)
    private ComponentKind componentKind;

    @Column(name = "component_id", nullable = false)
    private UUID componentId;

    @Column(name = "gross_quantity", nullable = false)
    private BigDecimal grossQuantity;

    @Enumerated(EnumType.STRING)
    @Column(name = "entered_unit", nullable = false)
    private Unit enteredUnit;

    @Column(name = "processing_method_id")
    private UUID processingMethodId;

    @Column(name = "loss_percent", nullable = false)
    private BigDecimal lossPercent;

    @Column(name = "net_quantity", nullable = false)
    private BigDecimal netQuantity;

    protected TechCardLine() {
    }

    TechCardLine(ComponentKind componentKind, UUID componentId, BigDecimal grossQuantity, Unit enteredUnit,
                 UUID processingMethodId, BigDecimal lossPercent, BigDecimal netQuantity) {
        this.componentKind = componentKind;
        this.componentId = componentId;
        this.grossQuantity = grossQuantity;
        this.enteredUnit = enteredUnit;
        this.processingMethodId = processingMethodId;
        this.lossPercent = lossPercent;
        this.netQuantity = netQuantity;
    }

    public ComponentKind getComponentKind() {
        return componentKind;
    }

    public UUID getComponentId() {
        return componentId;
    }

    public BigDecimal getGrossQuantity() {
        return grossQuantity;
    }

    public Unit getEnteredUnit() {
        return enteredUnit;
    }

    public UUID getProcessingMethodId() {
        return processingMethodId;
    }

    public BigDecimal getLossPercent() {
        return lossPercent;
    }

    public BigDecimal getNetQuantity() {
        return netQuantity;
    }
}
