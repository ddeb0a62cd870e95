import type { ConversationSchemas } from '@uc-conversation/core'
import {
  deleteDepartment,
  getConversationDepartmentMemberList,
  getConversationDepartments,
  insertConversationDepartment,
  updateConversationDepartment,
} from '@uc-conversation/core/operations'
import { optionalObject, requiredString } from '../body-fields'
import { badRequest } from '../http-error'
import type { Internals } from '../internals'
import { envelope, type HandlerEntries, noContent } from '../operation-handler'
import type { DepartmentRecord } from '../state'
import { notFound, oidParam } from './oid-param'

type Department = ConversationSchemas['ConversationDepartment']

/** Departments and their members (agents, by user id). @internal */
export function departmentHandlers(ctx: Internals): HandlerEntries {
  const { state } = ctx
  const agents = () => [...state.agents.values()]
  const view = (d: DepartmentRecord): Department => ({
    conversation_department_oid: d.oid,
    department_name: d.name,
    merchant_id: state.merchantId,
    settings: structuredClone(d.settings),
    members: agents()
      .filter((a) => d.memberUserIds.includes(a.userId))
      .map((a) => ({ user_id: a.userId, name: a.name, member: true, ai: a.profile.ai ?? false })),
  })
  const find = (oid: number) => {
    const found = state.chat.departments.find((d) => d.oid === oid)
    if (!found) throw notFound('department', oid)
    return found
  }
  const read = (request: Record<string, unknown>, oid: number | undefined) => {
    const name = requiredString(request, 'department_name', 100).trim()
    if (state.chat.departments.some((d) => d.name === name && d.oid !== oid))
      throw badRequest(`department_name ${name} is already in use`, 'duplicate')
    const members = request.members ?? []
    if (!Array.isArray(members)) throw badRequest('members must be a list')
    const memberUserIds = members.flatMap((m: { user_id?: unknown; member?: unknown }) => {
      if (typeof m?.user_id !== 'number' || !agents().some((a) => a.userId === m.user_id))
        throw badRequest(`members: no agent with user_id ${JSON.stringify(m?.user_id)}`)
      return m.member === false ? [] : [m.user_id]
    })
    return {
      name,
      memberUserIds: [...new Set(memberUserIds)],
      settings: optionalObject(request, 'settings') ?? {},
    }
  }
  return [
    [
      getConversationDepartments,
      () => envelope({ conversation_departments: state.chat.departments.map(view) }),
    ],
    [
      insertConversationDepartment,
      async ({ body }) => {
        const department: DepartmentRecord = { oid: state.chat.nextOid++, ...read(await body(), undefined) }
        state.chat.departments.push(department)
        return envelope({ conversation_department: view(department) })
      },
    ],
    [
      updateConversationDepartment,
      async ({ params, body }) => {
        const department = find(oidParam(params.conversation_department_oid, 'conversation_department_oid'))
        Object.assign(department, read(await body(), department.oid))
        return envelope({ conversation_department: view(department) })
      },
    ],
    [
      deleteDepartment,
      ({ params }) => {
        const oid = oidParam(params.conversation_department_oid, 'conversation_department_oid')
        find(oid)
        state.chat.departments = state.chat.departments.filter((d) => d.oid !== oid)
        // Nothing may keep pointing at a department that is gone.
        for (const m of state.chat.cannedMessages)
          m.conversation_department_oids = (m.conversation_department_oids ?? []).filter((d) => d !== oid)
        for (const e of state.chat.engagements)
          e.department_oids = (e.department_oids ?? []).filter((d) => d !== oid)
        return noContent()
      },
    ],
    [
      getConversationDepartmentMemberList,
      // Everyone who can be put in a department; `member` says whether they are in one already.
      () =>
        envelope({
          conversation_department_members: agents().map((a) => ({
            user_id: a.userId,
            name: a.name,
            ai: a.profile.ai ?? false,
            member: state.chat.departments.some((d) => d.memberUserIds.includes(a.userId)),
          })),
        }),
    ],
  ]
}
