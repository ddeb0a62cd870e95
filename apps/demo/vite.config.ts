import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'
import { ucConversation } from './server/uc-conversation-plugin.ts'

// `pnpm dev` starts the emulator with simulated customers inside the dev server and proxies /api/uc to it.
// `UC_SIMPLE_KEY=... pnpm dev` proxies to UltraCart instead; the key stays on the server.
export default defineConfig({
  plugins: [react(), ucConversation()],
  server: { port: 5173, host: '127.0.0.1' },
  preview: { port: 4173, host: '127.0.0.1' },
})
