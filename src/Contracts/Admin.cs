namespace NameServer.Actors.Contracts;

/// <summary>Writes a KV entry (RocketMQ <c>PUT_KV_CONFIG</c>, 100). Answer: <see cref="AdminDone"/>.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Key">The key.</param>
/// <param name="Value">The value (at most <c>maxKvValueSize</c> bytes as UTF-8).</param>
public sealed record PutKvConfig(string Namespace, string Key, string Value) : ISignedRequest
{
    /// <inheritdoc/>
    public string? AccessKey { get; init; }

    /// <inheritdoc/>
    public string? Signature { get; init; }
}

/// <summary>Deletes a KV entry (RocketMQ <c>DELETE_KV_CONFIG</c>, 102). Answer: <see cref="AdminDone"/>.</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Key">The key.</param>
public sealed record DeleteKvConfig(string Namespace, string Key) : ISignedRequest
{
    /// <inheritdoc/>
    public string? AccessKey { get; init; }

    /// <inheritdoc/>
    public string? Signature { get; init; }
}

/// <summary>
/// Changes NameServer settings at run time (RocketMQ <c>UPDATE_NAMESRV_CONFIG</c>, 318), with the checks of the TCP
/// request: black-listed keys refused with <c>NO_PERMISSION</c>, unparsable values with <c>SYSTEM_ERROR</c>, nothing
/// applied then. Answer: <see cref="AdminDone"/>.
/// </summary>
/// <param name="Properties">Java setting names and their new values (e.g. <c>orderMessageEnable</c> = <c>true</c>).</param>
public sealed record UpdateNamesrvConfig(IReadOnlyDictionary<string, string> Properties) : ISignedRequest
{
    /// <inheritdoc/>
    public string? AccessKey { get; init; }

    /// <inheritdoc/>
    public string? Signature { get; init; }
}

/// <summary>Removes write permission from a broker group's topics (RocketMQ <c>WIPE_WRITE_PERM_OF_BROKER</c>, 205). Answer: <see cref="WritePermChanged"/>.</summary>
/// <param name="BrokerName">The broker group.</param>
public sealed record WipeWritePerm(string BrokerName) : ISignedRequest
{
    /// <inheritdoc/>
    public string? AccessKey { get; init; }

    /// <inheritdoc/>
    public string? Signature { get; init; }
}

/// <summary>Gives a broker group's topics write permission back (RocketMQ <c>ADD_WRITE_PERM_OF_BROKER</c>, 327). Answer: <see cref="WritePermChanged"/>.</summary>
/// <param name="BrokerName">The broker group.</param>
public sealed record AddWritePerm(string BrokerName) : ISignedRequest
{
    /// <inheritdoc/>
    public string? AccessKey { get; init; }

    /// <inheritdoc/>
    public string? Signature { get; init; }
}

/// <summary>Answer to <see cref="PutKvConfig"/>, <see cref="DeleteKvConfig"/> and <see cref="UpdateNamesrvConfig"/>: done and saved.</summary>
public sealed record AdminDone : INameServerMessage;

/// <summary>Answer to <see cref="WipeWritePerm"/> and <see cref="AddWritePerm"/>.</summary>
/// <param name="TopicCount">How many of the group's topics changed.</param>
public sealed record WritePermChanged(int TopicCount) : INameServerMessage;

/// <summary>
/// The answer to any request the NameServer refuses or cannot complete, with the RocketMQ response code the TCP
/// protocol would answer (see <see cref="NameServerErrorCodes"/>) and its reason.
/// </summary>
/// <param name="Code">A RocketMQ response code: <see cref="NameServerErrorCodes.NoPermission"/> for an unauthorized request, ...</param>
/// <param name="Remark">Why, for people.</param>
public sealed record NameServerError(int Code, string Remark) : INameServerMessage;

/// <summary>The RocketMQ response codes a <see cref="NameServerError"/> carries.</summary>
public static class NameServerErrorCodes
{
    /// <summary>Bad request (a missing field, a list that is disabled, an invalid setting) or a failure inside the NameServer.</summary>
    public const int SystemError = 1;

    /// <summary>Not authorized: <c>aclEnable</c> is on and the sender is neither signed nor on the allow-list, or a black-listed setting.</summary>
    public const int NoPermission = 16;
}
