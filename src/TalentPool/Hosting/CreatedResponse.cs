using Wolverine.Http;

namespace TalentPool.Hosting;

/// <summary>The body of a 201: the new resource's id and where to read it (also in <c>Location</c>).</summary>
public sealed record CreatedResponse(Guid Id, string Url) : CreationResponse(Url);
