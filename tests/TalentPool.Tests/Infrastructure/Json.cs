using System.Text.Json;
using System.Text.Json.Serialization;

namespace TalentPool.Tests.Infrastructure;

/// <summary>The wire format a client uses: camelCase, enums as strings.</summary>
public static class Json
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
}
