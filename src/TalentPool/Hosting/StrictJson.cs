using System.Text.Json;
using System.Text.Json.Serialization;
using TalentPool.Common;

namespace TalentPool.Hosting;

/// <summary>
/// How the API reads and writes JSON. Reading is strict, so a client's mistake is a 400 naming the
/// property instead of a silently different command: an unknown or misspelt property, a missing
/// required one (every constructor parameter without a C# default), a null where the type has none,
/// a duplicate key, a number sent as a string, and an enum sent as a number are all refused.
/// Writing includes every property, nulls too, so a client always sees the whole shape.
/// </summary>
public static class StrictJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
        options.Converters.Add(new BusinessDateJsonConverter());
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectRequiredConstructorParameters = true;
        options.RespectNullableAnnotations = true;
        options.AllowDuplicateProperties = false;
        options.NumberHandling = JsonNumberHandling.Strict;
        // camelCase exactly as documented: "FULLNAME" is not "fullName" (and so an unknown property).
        options.PropertyNameCaseInsensitive = false;
    }
}
