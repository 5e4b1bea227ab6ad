package org.scholion.text;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Bean Validation for {@link TextRules}: the field holds text of this kind (null passes; use @NotNull for that). */
@Documented
@Constraint(validatedBy = Clean.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
public @interface Clean {
    TextRules.Kind value();

    String message() default "contains a character that is not allowed here";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Reports the rule's own phrase, e.g. "contains a control character (U+0000)". */
    class Validator implements ConstraintValidator<Clean, String> {
        private TextRules.Kind kind;

        @Override
        public void initialize(Clean annotation) {
            this.kind = annotation.value();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return TextRules.problem(value, kind).map(message -> {
                context.disableDefaultConstraintViolation();
                context.buildConstraintViolationWithTemplate(message).addConstraintViolation();
                return false;
            }).orElse(true);
        }
    }
}
