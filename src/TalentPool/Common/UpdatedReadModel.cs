using System.Reflection;
using JasperFx.CodeGeneration.Frames;
using Wolverine;
using Wolverine.Attributes;
using Wolverine.Configuration;
using Wolverine.Marten;

namespace TalentPool.Common;

/// <summary>
/// Answers a write with the resource's read model as it stands after the write committed: the shape its GET
/// answers, so one resource has one shape everywhere. The read model names how it is read: a public static
/// <c>ReadAsync</c> whose first parameter is the stream id that the endpoint's <c>[WriteAggregate]</c> names;
/// Wolverine supplies the rest (session, clock, cancellation) and calls it after the transaction.
/// </summary>
public sealed class UpdatedReadModel<TReadModel> : IResponseAware
{
    public static void ConfigureResponse(IChain chain)
    {
        var idName = chain.HandlerCalls()
            .SelectMany(call => call.Method.GetParameters())
            .Select(parameter => parameter.GetCustomAttribute<WriteAggregateAttribute>()?.RouteOrParameterName)
            .FirstOrDefault(name => name is not null)
            ?? throw new InvalidOperationException(
                $"{chain} answers with UpdatedReadModel<{typeof(TReadModel).Name}> but names no [WriteAggregate(\"id\")].");
        if (!chain.TryFindVariable(idName, ValueSource.RouteValue, typeof(Guid), out var id))
            throw new InvalidOperationException($"{chain} has no route value {idName}.");
        var read = typeof(TReadModel).GetMethod("ReadAsync", BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{typeof(TReadModel).Name} has no public static ReadAsync(Guid id, ...).");
        var call = new MethodCall(typeof(TReadModel), read);
        call.Arguments[0] = id;
        chain.UseForResponse(call);
    }
}
