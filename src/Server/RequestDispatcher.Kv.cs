using System.Text;
using NameServer.Actors.Protocol;
using NameServer.Actors.Protocol.Bodies;
using NameServer.Actors.Protocol.CustomHeaders;
using NameServer.Actors.Protocol.Headers;
using NameServer.Actors.Protocol.Model;
using NameServer.Actors.Routing.Kv;

namespace NameServer.Actors.Server;

// The KV store, asked of the KvConfig actor: put, get, delete, and a namespace's table.
public sealed partial class RequestDispatcher
{
    internal ValueTask<Reply> PutKvConfigAsync(RemotingCommand request)
    {
        if (!PutKvConfigRequestHeader.TryParse(request.ExtFields, out var header, out _))
        {
            return Done(Error(request, ResponseCode.SystemError, "namespace or key is null"));
        }
        var size = header.Value is null ? 0 : Encoding.UTF8.GetByteCount(header.Value);
        if (size > _options.MaxKvValueSize)
        {
            return Done(Error(request, ResponseCode.SystemError, $"KV value of {size} bytes exceeds maxKvValueSize ({_options.MaxKvValueSize} bytes)"));
        }
        return AskAsync<KvDone>(request, _core.KvConfig, new PutKvConfig(header.Namespace, header.Key, header.Value), static (r, _) => Ok(r));
    }

    internal ValueTask<Reply> GetKvConfigAsync(RemotingCommand request)
    {
        if (!KvConfigKeyRequestHeader.TryParse(request.ExtFields, out var header, out var error))
        {
            return Done(Error(request, ResponseCode.SystemError, error));
        }
        return AskAsync<KvValue>(request, _core.KvConfig, new GetKvConfig(header.Namespace, header.Key), (r, answer) => answer.Value is { } value
            ? Ok(r, extFields: new GetKvConfigResponseHeader(value).ToExtFields())
            : Error(r, ResponseCode.QueryNotFound, $"No config item, Namespace: {header.Namespace} Key: {header.Key}",
                new GetKvConfigResponseHeader(null).ToExtFields()));
    }

    internal ValueTask<Reply> DeleteKvConfigAsync(RemotingCommand request) =>
        KvConfigKeyRequestHeader.TryParse(request.ExtFields, out var h, out var error)
            ? AskAsync<KvDone>(request, _core.KvConfig, new DeleteKvConfig(h.Namespace, h.Key), static (r, _) => Ok(r))
            : Done(Error(request, ResponseCode.SystemError, error));

    internal ValueTask<Reply> GetKvListAsync(RemotingCommand request)
    {
        if (!GetKvListByNamespaceRequestHeader.TryParse(request.ExtFields, out var header, out var error))
        {
            return Done(Error(request, ResponseCode.SystemError, error));
        }
        return AskAsync<KvNamespace>(request, _core.KvConfig, new GetKvList(header.Namespace), (r, answer) => answer.Table is { } table
            ? Ok(r, BodyEncoder.EncodeKvTable(new KvTable(table)))
            : Error(r, ResponseCode.QueryNotFound, $"No config item, Namespace: {header.Namespace}"));
    }
}
