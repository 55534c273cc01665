using System.Reflection;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;
using Microsoft.OpenApi;
using TalentPool.Common;

namespace TalentPool.Hosting.OpenApi;

/// <summary>The bounds one property of a request declares: of its length or item count, and of each item's length.</summary>
internal sealed record PropertyBounds(int? MinLength, int? MaxLength, int? MinItems, int? MaxItems, int? ItemMinLength, int? ItemMaxLength)
{
    public static readonly PropertyBounds None = new(null, null, null, null, null, null);

    public PropertyBounds Merge(PropertyBounds other) => new(
        Max(MinLength, other.MinLength), Min(MaxLength, other.MaxLength), Max(MinItems, other.MinItems),
        Min(MaxItems, other.MaxItems), Max(ItemMinLength, other.ItemMinLength), Min(ItemMaxLength, other.ItemMaxLength));

    /// <summary>The property's schema with these bounds: on the string, on the array, and on the array's string items.</summary>
    public IOpenApiSchema AppliedTo(IOpenApiSchema schema)
    {
        // A typed string (a date, an id) is bounded by its format already.
        if (schema is not OpenApiSchema concrete || concrete.Type is not { } type || concrete.Format is not null) return schema;
        var copy = (OpenApiSchema)concrete.CreateShallowCopy();
        if (type.HasFlag(JsonSchemaType.String))
        {
            copy.MinLength = MinLength ?? copy.MinLength;
            copy.MaxLength = MaxLength ?? copy.MaxLength;
        }
        if (type.HasFlag(JsonSchemaType.Array))
        {
            copy.MinItems = MinItems ?? copy.MinItems;
            copy.MaxItems = MaxItems ?? copy.MaxItems;
            if (copy.Items is not null && (ItemMinLength ?? ItemMaxLength) is not null)
                copy.Items = (this with { MinLength = ItemMinLength, MaxLength = ItemMaxLength, MinItems = null, MaxItems = null }).AppliedTo(copy.Items);
        }
        return copy;
    }

    private static int? Min(int? a, int? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);
    private static int? Max(int? a, int? b) => a is null ? b : b is null ? a : Math.Max(a.Value, b.Value);
}

/// <summary>
/// The length and item-count bounds of every property a request body reads, read from the request's FluentValidation
/// rules (<c>MaximumLength</c>, <c>Length</c>, <see cref="InputLimits.MaximumItems{T,TList}"/>, an unconditional
/// <c>NotEmpty</c>), following included and child validators, so that the OpenAPI document states exactly the
/// bounds the service enforces. Keyed by the C# property, on the type that declares it in JSON.
/// </summary>
internal static class RequestBounds
{
    public static Dictionary<(Type Owner, string Property), PropertyBounds> Of(IServiceProvider services, IEnumerable<Type> requestTypes)
    {
        var bounds = new Dictionary<(Type, string), PropertyBounds>();
        foreach (var type in requestTypes.Distinct())
        {
            if (services.GetService(typeof(IValidator<>).MakeGenericType(type)) is IValidator validator)
                Collect(validator, type, [], bounds);
        }
        return bounds;
    }

    private static void Collect(IValidator validator, Type root, string[] prefix, Dictionary<(Type, string), PropertyBounds> bounds) =>
        Collect(validator.CreateDescriptor().Rules, root, prefix, bounds);

    private static void Collect(IEnumerable<IValidationRule> rules, Type root, string[] prefix, Dictionary<(Type, string), PropertyBounds> bounds)
    {
        foreach (var rule in rules)
        {
            // Rules that run only when another passed (the items of a list within its bound) bound the same request.
            Collect(rule.DependentRules ?? [], root, prefix, bounds);
            var path = rule.PropertyName is { Length: > 0 } name ? [.. prefix, .. name.Split('.')] : prefix;
            var forEach = rule.GetType().GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));
            var conditional = rule.HasCondition || rule.HasAsyncCondition;
            foreach (var component in rule.Components)
            {
                if (component.Validator is IChildValidatorAdaptor && ChildValidator(component.Validator) is { } child)
                {
                    if (!forEach) Collect(child, root, path, bounds);
                    continue;
                }
                var found = Bounds(component, forEach, conditional);
                if (found == PropertyBounds.None || path.Length == 0) continue;
                if (Resolve(root, path) is not { } key) throw new InvalidOperationException($"{root.Name}: no property {string.Join('.', path)} for a bound.");
                bounds[key] = bounds.TryGetValue(key, out var known) ? known.Merge(found) : found;
            }
        }
    }

    private static PropertyBounds Bounds(IRuleComponent component, bool forEach, bool conditional)
    {
        var unconditional = !conditional && !component.HasCondition && !component.HasAsyncCondition;
        return (component.Validator, forEach) switch
        {
            (ILengthValidator length, false) => PropertyBounds.None with { MinLength = Positive(length.Min), MaxLength = Positive(length.Max) },
            (ILengthValidator length, true) => PropertyBounds.None with { ItemMinLength = Positive(length.Min), ItemMaxLength = Positive(length.Max) },
            // Not empty: a string of at least one character, or a list of at least one item, whichever the property is.
            (INotEmptyValidator, false) when unconditional => PropertyBounds.None with { MinLength = 1, MinItems = 1 },
            (INotEmptyValidator, true) when unconditional => PropertyBounds.None with { ItemMinLength = 1 },
            (var validator, false) when MaximumItems(validator) is { } max => PropertyBounds.None with { MaxItems = max },
            _ => PropertyBounds.None,
        };
    }

    private static int? Positive(int value) => value > 0 ? value : null;

    private static int? MaximumItems(IPropertyValidator validator) =>
        validator.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(MaximumItemsValidator<,>)
            ? (int)type.GetProperty(nameof(MaximumItemsValidator<object, string[]>.Max))!.GetValue(validator)!
            : null;

    /// <summary>The validator a <c>SetValidator</c>/<c>Include</c> runs, when it was given one rather than a factory.</summary>
    private static IValidator? ChildValidator(IPropertyValidator adaptor)
    {
        if (adaptor.GetType().GetMethod("GetValidator", BindingFlags.Public | BindingFlags.Instance) is not { } getValidator) return null;
        // Asked without an instance: a validator given once (not chosen per instance) is returned as it is.
        var contextType = getValidator.GetParameters()[0].ParameterType;
        var context = Activator.CreateInstance(contextType, [null]);
        try
        {
            return getValidator.Invoke(adaptor, [context, null]) as IValidator;
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }

    /// <summary>The JSON-declaring type and C# name of the property at the end of a path of C# property names.</summary>
    private static (Type, string)? Resolve(Type type, string[] path)
    {
        for (var i = 0; i < path.Length; i++)
        {
            var property = type.GetProperty(path[i], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null) return null;
            if (i == path.Length - 1) return (type, property.Name);
            type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        }
        return null;
    }
}
