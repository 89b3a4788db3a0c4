/* SPDX-License-Identifier: MIT */
/*
 * The server skeleton (see <slate/server.h>): dispatch by label, the
 * receive-and-reply loop for a server alone in its process, and calls
 * that are IPC or a direct function call depending on where the server
 * was placed.
 */
#include <stdio.h>
#include <string.h>

#include <slate/server.h>

/* A reply's label carries the status: 0, or the negated error. */
static uint64_t status_to_label(slate_status_t st)
{
	return st < 0 ? (uint64_t)-st : 0;
}

static slate_status_t label_to_status(uint64_t label)
{
	return label ? -(slate_status_t)label : SLATE_OK;
}

static const struct svc_op *find_op(const struct svc_server *s, uint64_t label)
{
	for (unsigned i = 0; i < s->nops; i++)
		if (s->ops[i].label == label)
			return &s->ops[i];
	return NULL;
}

slate_status_t svc_dispatch(const struct svc_server *s, void *state,
			    struct svc_request *req)
{
	const struct svc_op *op;

	if (req->label == SVC_LABEL_PING)
		return SLATE_OK; /* the heartbeat: words go back unchanged */
	op = find_op(s, req->label);
	if (!op || req->nwords < op->min_words)
		return SLATE_ERR_INVALID;
	return op->fn(state, req);
}

/* Close the request handles the handler did not keep. */
static void close_request_handles(struct svc_request *req)
{
	for (unsigned i = 0; i < req->nhandles; i++)
		if (req->handles[i] != SLATE_HANDLE_INVALID)
			slate_handle_close(req->handles[i]);
	req->nhandles = 0;
}

static void close_reply_handles(struct svc_request *req)
{
	for (unsigned i = 0; i < req->nreply_handles; i++)
		slate_handle_close(req->reply_handles[i]);
	req->nreply_handles = 0;
}

/*
 * Whether each of n handles exists, carries TRANSFER and appears once:
 * what the kernel checks before it moves handles, so that both paths
 * refuse the same requests. Returns SLATE_OK or the kernel's error.
 */
static slate_status_t check_transferable(const slate_handle_t *h, unsigned n)
{
	struct slate_handle_info info;

	for (unsigned i = 0; i < n; i++) {
		slate_status_t st = slate_handle_info(h[i], &info);

		if (st != SLATE_OK)
			return st;
		if (!(info.rights & SLATE_RIGHT_TRANSFER))
			return SLATE_ERR_ACCESS;
		for (unsigned j = 0; j < i; j++)
			if (h[j] == h[i])
				return SLATE_ERR_INVALID;
	}
	return SLATE_OK;
}

/*
 * Run the handler and settle the handles: the request's are closed
 * unless kept; the reply's are checked, and closed on any error, so the
 * handler's status is what the reply can really carry.
 */
static slate_status_t run_handler(const struct svc_server *s, void *state,
				  struct svc_request *req)
{
	slate_status_t st = svc_dispatch(s, state, req);

	close_request_handles(req);
	if (req->nreply_handles > SLATE_MSG_HANDLES)
		st = SLATE_ERR_TOO_BIG;
	else if (st == SLATE_OK)
		st =
		    check_transferable(req->reply_handles, req->nreply_handles);
	if (st != SLATE_OK) {
		if (req->nreply_handles <= SLATE_MSG_HANDLES)
			close_reply_handles(req);
		req->nreply_handles = 0;
		req->nwords = 0;
	}
	if (req->nwords > SLATE_MSG_REG_WORDS)
		req->nwords = 0;
	return st;
}

/* Turn a received message into a request, and the outcome into a reply. */
static void serve_one(const struct svc_server *s, void *state,
		      struct slate_msg *m, struct slate_ipc_buffer *buf)
{
	struct svc_request req = {
	    .label = SLATE_MSG_LABEL(m->info),
	    .badge = m->badge,
	    .nwords = SLATE_MSG_NWORDS(m->info),
	    .nhandles = SLATE_MSG_NHANDLES(m->info),
	};
	slate_status_t st;

	memcpy(req.words, m->words, sizeof(req.words));
	memcpy(req.handles, buf->handles, sizeof(req.handles));
	/* From a raw IPC client: svc_call would not have sent it. */
	if (req.nwords > SLATE_MSG_REG_WORDS) {
		close_request_handles(&req);
		st = SLATE_ERR_TOO_BIG;
		req.nwords = 0;
	} else {
		st = run_handler(s, state, &req);
	}
	m->info =
	    SLATE_MSG_INFO(status_to_label(st), req.nwords, req.nreply_handles);
	memcpy(m->words, req.words, sizeof(m->words));
	/*
	 * XXX: if the caller has no IPC buffer the kernel refuses this
	 * reply's handles, the caller gets SLATE_ERR_TOO_BIG, and the
	 * handles stay in this process unclosed.
	 */
	memcpy(buf->handles, req.reply_handles,
	       req.nreply_handles * sizeof(slate_handle_t));
}

/* A page of this process's memory as the calling thread's IPC buffer. */
static struct slate_ipc_buffer *serve_buffer(void)
{
	slate_status_t vmo =
	    slate_vmo_create(sizeof(struct slate_ipc_buffer), 0);
	slate_status_t addr;

	if (vmo < 0)
		return NULL;
	addr = slate_vm_map(slate_self_process(), (slate_handle_t)vmo, 0,
			    sizeof(struct slate_ipc_buffer), 0,
			    SLATE_VM_READ | SLATE_VM_WRITE);
	slate_handle_close((slate_handle_t)vmo); /* the mapping keeps it */
	if (addr < 0)
		return NULL;
	if (slate_thread_set_ipc_buffer((void *)(uintptr_t)addr) != SLATE_OK) {
		slate_vm_unmap(slate_self_process(), (uintptr_t)addr,
			       sizeof(struct slate_ipc_buffer));
		return NULL;
	}
	return (struct slate_ipc_buffer *)(uintptr_t)addr;
}

static void serve_buffer_release(struct slate_ipc_buffer *buf)
{
	slate_thread_set_ipc_buffer(NULL);
	slate_vm_unmap(slate_self_process(), (uintptr_t)buf, sizeof(*buf));
}

slate_status_t svc_serve(const struct svc_server *s, void *state,
			 slate_handle_t endpoint)
{
	struct slate_ipc_buffer *buf = serve_buffer();
	struct slate_msg m;
	slate_status_t st;

	if (!buf) {
		printf("%s: no IPC buffer\n", s->name);
		return SLATE_ERR_NO_MEMORY;
	}
	st = s->init ? s->init(state) : SLATE_OK;
	if (st != SLATE_OK) {
		printf("%s: init failed: %lld\n", s->name, (long long)st);
		serve_buffer_release(buf);
		return st;
	}
	st = slate_ipc_recv(endpoint, &m);
	while (st == SLATE_OK) {
		serve_one(s, state, &m, buf);
		st = slate_ipc_reply_recv(endpoint, &m);
	}
	serve_buffer_release(buf);
	return st;
}

struct svc_conn svc_conn_remote(slate_handle_t endpoint)
{
	return (struct svc_conn){.endpoint = endpoint};
}

slate_status_t svc_conn_local(struct svc_conn *out, const struct svc_server *s,
			      void *state, uint64_t badge)
{
	slate_status_t st = s->init ? s->init(state) : SLATE_OK;

	if (st != SLATE_OK)
		return st;
	*out = (struct svc_conn){.local = s, .state = state, .badge = badge};
	return SLATE_OK;
}

/*
 * The coalesced path: the same checks and reply shape, no kernel. The
 * request's handles are handed over by value (they already are in this
 * process), as the kernel would move them.
 */
static slate_status_t call_local(const struct svc_conn *c,
				 struct slate_msg *msg,
				 struct slate_ipc_buffer *buf)
{
	struct svc_request req = {
	    .label = SLATE_MSG_LABEL(msg->info),
	    .badge = c->badge,
	    .nwords = SLATE_MSG_NWORDS(msg->info),
	    .local = true,
	    .nhandles = SLATE_MSG_NHANDLES(msg->info),
	};
	slate_status_t st;

	memcpy(req.words, msg->words, sizeof(req.words));
	if (req.nhandles) {
		st = check_transferable(buf->handles, req.nhandles);
		if (st != SLATE_OK)
			return st;
		memcpy(req.handles, buf->handles,
		       req.nhandles * sizeof(slate_handle_t));
	}
	st = run_handler(c->local, c->state, &req);
	if (st != SLATE_OK)
		return st;
	msg->info = SLATE_MSG_INFO(0, req.nwords, req.nreply_handles);
	memcpy(msg->words, req.words, sizeof(msg->words));
	if (req.nreply_handles)
		memcpy(buf->handles, req.reply_handles,
		       req.nreply_handles * sizeof(slate_handle_t));
	msg->badge = 0;
	return SLATE_OK;
}

slate_status_t svc_call_handles(const struct svc_conn *c, struct slate_msg *msg,
				struct slate_ipc_buffer *buf)
{
	struct slate_msg m = *msg;
	slate_status_t st;

	/* Both paths refuse what only the IPC buffer's words could carry. */
	if (SLATE_MSG_NWORDS(msg->info) > SLATE_MSG_REG_WORDS ||
	    SLATE_MSG_NHANDLES(msg->info) > SLATE_MSG_HANDLES)
		return SLATE_ERR_TOO_BIG;
	if (SLATE_MSG_NHANDLES(msg->info) && !buf)
		return SLATE_ERR_BAD_STATE; /* as the kernel says */
	if (c->local)
		return call_local(c, msg, buf);
	st = slate_ipc_call(c->endpoint, &m);
	if (st != SLATE_OK)
		return st;
	st = label_to_status(SLATE_MSG_LABEL(m.info));
	if (st == SLATE_OK)
		*msg = m;
	return st;
}

slate_status_t svc_call(const struct svc_conn *c, struct slate_msg *msg)
{
	if (SLATE_MSG_NHANDLES(msg->info))
		return SLATE_ERR_TOO_BIG;
	return svc_call_handles(c, msg, NULL);
}

slate_status_t svc_ping(const struct svc_conn *c, uint64_t cookie)
{
	struct slate_msg m = {.info = SLATE_MSG_INFO(SVC_LABEL_PING, 1, 0),
			      .words = {cookie}};
	slate_status_t st = svc_call(c, &m);

	if (st != SLATE_OK)
		return st;
	return m.words[0] == cookie ? SLATE_OK : SLATE_ERR_INVALID;
}
