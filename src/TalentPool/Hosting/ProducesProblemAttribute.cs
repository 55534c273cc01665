using Microsoft.AspNetCore.Mvc;

namespace TalentPool.Hosting;

/// <summary>Declares, for OpenAPI, an RFC 9457 problem response an endpoint can give.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class ProducesProblemAttribute(int statusCode)
    : ProducesResponseTypeAttribute(typeof(ProblemDetails), statusCode, "application/problem+json");
